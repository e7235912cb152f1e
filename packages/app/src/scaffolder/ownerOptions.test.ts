import type { Entity } from '@backstage/catalog-model';
import { describe, expect, it } from 'vitest';
import { myGroupsFilter, ownerOptions } from './ownerOptions';

const group = (name: string, title?: string, kind = 'Group'): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind,
  metadata: { name, namespace: 'default', ...(title ? { title } : {}) },
});

describe('the owner field', () => {
  it("asks the catalog for the signed-in user's groups only", () => {
    expect(myGroupsFilter('user:default/ada')).toEqual({ kind: 'Group', 'relations.hasMember': 'user:default/ada' });
  });

  it('offers each Group once, by title, submitting its entity ref; nothing that is not a Group', () => {
    expect(
      ownerOptions([
        group('risk', 'Risk'),
        group('payments', 'Payments'),
        group('payments', 'Payments'),
        group('demo'),
      ]),
    ).toEqual([
      { value: 'group:default/demo', label: 'demo' },
      { value: 'group:default/payments', label: 'Payments' },
      { value: 'group:default/risk', label: 'Risk' },
    ]);
    expect(ownerOptions([group('ada', 'Ada', 'User')])).toEqual([]);
  });
});
