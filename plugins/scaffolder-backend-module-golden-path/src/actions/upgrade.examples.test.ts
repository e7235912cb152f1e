import { describe, expect, it } from 'vitest';
import { actionContext, checkpointStore } from '../testing/context.js';
import { exampleInput } from '../testing/examples.js';
import { NEXT, upgradeWorld } from '../testing/upgrade.js';
import { examples } from './upgrade.examples.js';
import { UPGRADE_ACTION_ID } from './upgrade.js';

describe('golden-path:upgrade examples', () => {
  it.each(examples.map(e => [e.description, e] as const))('%s', async (_description, example) => {
    const input = exampleInput(example, UPGRADE_ACTION_ID);
    const world = upgradeWorld();
    const main = world.revParse('main');
    const { ctx, outputs } = actionContext(input, { ...checkpointStore() });
    await world.action.handler(ctx);

    const branch = `golden-path/upgrade-${NEXT}`;
    expect(outputs).toMatchObject({
      number: 1,
      branch,
      url: 'http://localhost:3000/golden-path/pulls/acme-fintech/payments-api/1',
    });
    expect(world.revParse('main')).toBe(main);
    expect(world.revParse(`${branch}^`)).toBe(main);
    const record = await world.store.get('acme-fintech', 'payments-api', 1);
    expect(record).toMatchObject({ state: 'open', toVersion: NEXT, head: world.revParse(branch), baseCommit: main });
    expect(world.gate.checked).toEqual([record!.head]);
    const values = (input as { values?: Record<string, string> }).values ?? {};
    for (const [field, value] of Object.entries(values)) {
      expect(world.show(branch, '.golden-path.yaml')).toContain(`${field}: ${value}`);
    }
  });
});
