import { chmodSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Real failure injection for publishing, no mock: a git template folder whose reference-transaction
 * hook refuses one ref update while a flag file exists (and removes the flag), given to the backend
 * through GIT_CONFIG_GLOBAL (init.templateDir). Every repository git initialises copies the hook, so
 * publishing fails after the new repository was created and holds the commit, when its branches are
 * set: exactly the half-way failure to survive.
 */
export function failingPushSetup(dir: string): {
  env: Record<string, string>;
  failNextPublish(): void;
  armed(): boolean;
} {
  const template = join(dir, 'git-template');
  mkdirSync(join(template, 'hooks'), { recursive: true });
  const flag = join(dir, 'fail-next-publish');
  const hook = join(template, 'hooks', 'reference-transaction');
  writeFileSync(
    hook,
    // The flag's path is written into the hook: git runs hooks with an allow-listed environment.
    `#!/bin/sh
# Test-only: refuse one ref update while the flag file exists.
if [ "$1" = prepared ] && [ -e '${flag}' ]; then
  rm -f '${flag}'
  echo "injected failure: branches refused by the test's reference-transaction hook" >&2
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
    failNextPublish: () => writeFileSync(flag, ''),
    armed: () => existsSync(flag),
  };
}
