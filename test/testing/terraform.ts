import { spawn } from 'node:child_process';

/** One line of `terraform test -json`: what it says, and the run it belongs to. */
export type TerraformTestLine = Record<string, unknown> & { type?: string; '@testrun'?: string };

/**
 * `terraform init` from the machine's provider mirror, then `terraform test -verbose -json` in
 * `root`, offline (no CLI configuration, no checkpoint calls, HOME in `home`): each line of its
 * output, parsed. Rejects with terraform's stderr and the end of its output when a command fails.
 */
export async function terraformTest(root: string, mirror: string, home = root): Promise<TerraformTestLine[]> {
  const env = { PATH: process.env.PATH, HOME: home, CHECKPOINT_DISABLE: '1', TF_CLI_CONFIG_FILE: '/dev/null' };
  const run = (args: string[]) =>
    new Promise<string>((resolve, reject) => {
      const child = spawn('terraform', args, { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
      const out: Buffer[] = [];
      const err: Buffer[] = [];
      child.stdout.on('data', (b: Buffer) => out.push(b));
      child.stderr.on('data', (b: Buffer) => err.push(b));
      child.on('error', reject);
      child.on('close', code => {
        const text = Buffer.concat(out).toString('utf8');
        if (code === 0) resolve(text);
        else
          reject(
            new Error(
              `terraform ${args[0]} exited ${code}: ${Buffer.concat(err).toString('utf8')}${text.slice(-4000)}`,
            ),
          );
      });
    });
  await run(['init', '-backend=false', '-input=false', '-no-color', `-plugin-dir=${mirror}`]);
  const output = await run(['test', '-verbose', '-json', '-no-color']);
  return output
    .split('\n')
    .filter(Boolean)
    .map(l => JSON.parse(l) as TerraformTestLine);
}
