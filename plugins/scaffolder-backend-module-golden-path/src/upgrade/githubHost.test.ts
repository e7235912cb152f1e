import { execFileSync } from 'node:child_process';
import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { actionContext, checkpointStore } from '../testing/context.js';
import { NEXT, upgradeWorld } from '../testing/upgrade.js';

const BRANCH = `golden-path/upgrade-${NEXT}`;

describe('golden-path:upgrade on GitHub (its API over a real repository)', () => {
  it('recreates the upgrade commit and the new base on GitHub from the files they change, and opens a real pull request', async () => {
    const world = upgradeWorld({
      github: true,
      edit: dir => appendFileSync(join(dir, '.github', 'workflows', 'ci.yml'), '# tweaked\n'),
    });
    const main = world.revParse('main');
    const base = world.revParse('golden-path/base');
    const { ctx, outputs } = actionContext({ entityRef: 'component:default/payments-api' }, { ...checkpointStore() });
    await world.action.handler(ctx);

    expect(outputs).toMatchObject({
      number: 1,
      url: 'https://github.com/acme-fintech/payments-api/pull/1',
      branch: BRANCH,
    });
    // On "GitHub": the branch is one commit on main, base one render further, main untouched.
    expect(world.revParse('main')).toBe(main);
    expect(world.revParse(`${BRANCH}^`)).toBe(main);
    expect(world.revParse('golden-path/base^')).toBe(base);
    expect(world.show(BRANCH, '.golden-path.yaml')).toContain(`version: ${NEXT}`);
    expect(world.show(BRANCH, '.github/workflows/ci.yml')).not.toContain('# tweaked');
    expect(world.show('golden-path/base', '.golden-path.yaml')).toContain(`version: ${NEXT}`);
    // The base moved without force before the branch was created; only changed files were uploaded.
    const calls = world.github!.calls;
    expect(calls.indexOf('git.updateRef heads/golden-path/base')).toBeLessThan(
      calls.indexOf(`git.createRef refs/heads/${BRANCH}`),
    );
    const written = (from: string, to: string) =>
      execFileSync(
        'git',
        ['--git-dir', world.gitDir, 'diff-tree', '-r', '--no-renames', '--diff-filter=d', '--name-only', from, to],
        {
          encoding: 'utf8',
        },
      )
        .split('\n')
        .filter(Boolean).length;
    expect(calls.filter(c => c === 'git.createBlob')).toHaveLength(
      written(main, BRANCH) + written(base, 'golden-path/base'),
    );
    const [pull] = world.github!.pulls;
    expect(pull).toMatchObject({
      head: BRANCH,
      base: 'main',
      title: `Upgrade to python-django-service ${NEXT} (from 1.0.0)`,
    });
    expect(pull!.body).toContain('| `.github/workflows/ci.yml` | managed | overwritten |');
    expect(pull!.body).toMatch(/Policy gate on the merged result: (passes|fails)/);
  });

  it('refuses a repository GitHub does not have, calling nothing else', async () => {
    const world = upgradeWorld({ github: true, entities: undefined, name: 'payments-api' });
    world.github!.calls.length = 0;
    const entity = { entityRef: 'component:default/payments-api' };
    Object.assign(world.github!, { slug: 'acme-fintech/elsewhere' });
    const { ctx } = actionContext(entity, { ...checkpointStore() });
    await expect(world.action.handler(ctx)).rejects.toThrow(/the repository acme-fintech\/payments-api does not exist/);
    expect(world.github!.calls).toEqual(['repos.get']);
  });
});
