import { mockServices } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { describe, expect, it } from 'vitest';
import { actionContext } from '../testing/context.js';
import { exampleInput } from '../testing/examples.js';
import { examples } from './preflight.examples.js';
import { createPreflightAction, PREFLIGHT_ACTION_ID } from './preflight.js';

/** The catalog the examples refer to: the payments-api example's owner and system, and risk. */
const entities: Entity[] = [
  ['Group', 'payments-team'],
  ['Group', 'risk'],
  ['System', 'payments'],
].map(([kind, name]) => ({ apiVersion: 'backstage.io/v1alpha1', kind: kind!, metadata: { name: name! }, spec: {} }));

describe('golden-path:preflight examples', () => {
  it.each(examples.map(e => [e.description, e] as const))('%s', async (_description, example) => {
    const input = exampleInput(example, PREFLIGHT_ACTION_ID);
    const action = createPreflightAction({
      catalog: catalogServiceMock({ entities }),
      auth: mockServices.auth(),
      permissions: mockServices.permissions(), // allows everything: the examples are about the catalog
    });
    const { ctx, lines } = actionContext(input);
    await action.handler(ctx);
    expect(lines.at(-1)).toMatch(new RegExp(`${String(input.name)} is free$`));
  });
});
