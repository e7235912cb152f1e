import { chmodSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Real failure injection for publishing, no mock: a git template folder whose pre-receive hook
 * refuses one push while a flag file exists (and removes the flag), given to the backend through
 * GIT_CONFIG_GLOBAL (init.templateDir). Every repository git initialises copies the hook, so the push
 * into the new repository fails after it was created: exactly the half-way failure to survive.
 */
export function failingPushSetup(dir: string): { env: Record<string, string>; failNextPush(): void; armed(): boolean } {
  const template = join(dir, 'git-template');
  mkdirSync(join(template, 'hooks'), { recursive: true });
  const flag = join(dir, 'fail-next-push');
  const hook = join(template, 'hooks', 'pre-receive');
  writeFileSync(
    hook,
    // The flag's path is written into the hook: git runs hooks with an allow-listed environment.
    `#!/bin/sh
# Test-only: refuse one push while the flag file exists.
if [ -e '${flag}' ]; then
  rm -f '${flag}'
  echo "injected failure: push refused by the test's pre-receive hook" >&2
  exit 1
fi
exit 0
`,
  );
  chmodSync(hook, 0o755);
  const gitconfig = join(dir, 'gitconfig');
  writeFileSync(gitconfig, `[init]\n\ttemplateDir = ${template}\n`);
  return {
    env: { GIT_CONFIG_GLOBAL: gitconfig },
    failNextPush: () => writeFileSync(flag, ''),
    armed: () => existsSync(flag),
  };
}
