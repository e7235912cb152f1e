import { InputError, NotAllowedError } from '@backstage/errors';
import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { actionContext, checkpointStore } from '../testing/context.js';
import { editManifest, fixtureEntity, NEXT, upgradeWorld } from '../testing/upgrade.js';

const ENTITY = 'component:default/payments-api';
const BRANCH = `golden-path/upgrade-${NEXT}`;

/** Runs the action; the error it ended with, if any. */
async function run(world: ReturnType<typeof upgradeWorld>, input: Record<string, unknown> = { entityRef: ENTITY }) {
  const { ctx, outputs, lines } = actionContext(input, { ...checkpointStore() });
  const error = await world.action.handler(ctx).then(
    () => undefined,
    (e: Error) => e,
  );
  return { error, outputs, lines, ctx };
}

describe('golden-path:upgrade', () => {
  it("opens one pull request with the owners' edits classified; a retried step pushes and records nothing again", async () => {
    const world = upgradeWorld({
      edit: dir => appendFileSync(join(dir, '.github', 'workflows', 'ci.yml'), '# tweaked\n'),
    });
    const main = world.revParse('main');
    const base = world.revParse('golden-path/base');
    const checkpoints = checkpointStore();
    const first = actionContext({ entityRef: 'payments-api' }, { ...checkpoints });
    await world.action.handler(first.ctx);
    const refs = world.refs();
    const second = actionContext({ entityRef: 'payments-api' }, { ...checkpoints });
    await world.action.handler(second.ctx); // the scaffolder replays completed checkpoints

    expect(world.refs()).toBe(refs);
    expect(await world.store.list()).toHaveLength(1);
    expect(first.outputs).toMatchObject({
      number: 1,
      branch: BRANCH,
      status: expect.stringMatching(/clean|auto-merged|conflicts/),
    });
    expect(second.outputs).toEqual(first.outputs);
    const record = (await world.store.get('acme-fintech', 'payments-api', 1))!;
    expect(record).toMatchObject({
      fromVersion: '1.0.0',
      toVersion: NEXT,
      baseCommit: main,
      repository: { entityRef: ENTITY },
    });
    expect(record.files).toContainEqual({ path: '.github/workflows/ci.yml', class: 'managed', outcome: 'overwritten' });
    expect(record.changelog.map(e => e.version)).toContain(NEXT);
    expect(record.gate).toMatchObject({ commit: record.head, validators: [{ validator: 'markers' }] });
    expect(world.revParse('main')).toBe(main);
    // golden-path/base moved to the new render, in the same push as the branch.
    expect(world.revParse('golden-path/base^')).toBe(base);
    expect(world.show('golden-path/base', '.golden-path.yaml')).toContain(`version: ${NEXT}`);
  });

  it('refuses someone outside the owner group and the platform group, naming the service, pushing nothing', async () => {
    const world = upgradeWorld({ groups: ['group:default/risk'] });
    const before = world.refs();
    const { error } = await run(world);
    expect(error).toBeInstanceOf(NotAllowedError);
    expect(error!.message).toBe(
      'entityRef: you may not upgrade component:default/payments-api: only members of its owner group:default/payments and the platform group may',
    );
    expect(world.refs()).toBe(before);
  });

  it.each([
    ['not an entity reference', { entityRef: 'component:' }, /entityRef: "component:" is not an entity reference/],
    [
      'an entity not in the catalog',
      { entityRef: 'component:default/nope' },
      /entityRef: component:default\/nope is not in the catalog/,
    ],
  ])('refuses %s', async (_what, input, message) => {
    const world = upgradeWorld();
    const { error } = await run(world, input);
    expect(error).toBeInstanceOf(InputError);
    expect(error!.message).toMatch(message);
  });

  it('refuses an entity that names no repository', async () => {
    const entity = fixtureEntity('payments-api');
    delete entity.metadata.annotations!['github.com/project-slug'];
    const { error } = await run(upgradeWorld({ entities: [entity] }));
    expect(error).toBeInstanceOf(InputError);
    expect(error!.message).toMatch(/has no repository \(annotation github.com\/project-slug/);
  });

  it.each([
    ['a manifest that is not YAML', /^template:/m, 'template: [unclosed\n', /\.golden-path\.yaml/],
    ['an unknown golden path', /^(\s*)id: python-django-service$/m, '$1id: no-such-path', /no-such-path/],
    [
      'a version that never existed',
      /^(\s*)version: 1\.0\.0$/m,
      '$1version: 0.9.0',
      /0\.9\.0, a version that never existed/,
    ],
    ['a downgrade', /^(\s*)version: 1\.0\.0$/m, '$1version: 99.0.0', /99\.0\.0 is newer than .*a downgrade is refused/],
  ])('refuses %s, naming it, pushing nothing', async (_what, from, to, message) => {
    const world = upgradeWorld({ edit: dir => editManifest(dir, from, to) });
    const before = world.refs();
    const { error } = await run(world);
    expect(error).toBeInstanceOf(InputError);
    expect(error!.message).toMatch(message);
    expect(error!.message).toMatch(/^acme-fintech\/payments-api: /);
    expect(error!.message).not.toMatch(/\/tmp\//);
    expect(world.refs()).toBe(before);
    expect(await world.store.list()).toEqual([]);
    expect(world.gate.checked).toEqual([]);
  });

  it('refuses a repository without golden-path/base, pushing nothing', async () => {
    const world = upgradeWorld();
    world.deleteBranch('golden-path/base');
    const before = world.refs();
    const { error } = await run(world);
    expect(error).toBeInstanceOf(InputError);
    expect(error!.message).toMatch(/no golden-path\/base branch/);
    expect(world.refs()).toBe(before);
  });

  it('refuses an upgrade branch left from an earlier upgrade', async () => {
    const world = upgradeWorld();
    await run(world);
    const before = world.refs();
    const { error } = await run(world);
    expect(error).toBeInstanceOf(InputError);
    expect(error!.message).toMatch(/golden-path\/upgrade-2.0.0 exists already/);
    expect(world.refs()).toBe(before);
    expect(await world.store.list()).toHaveLength(1);
  });
});
