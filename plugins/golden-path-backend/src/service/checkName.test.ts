import type { GoldenPath } from '@golden-path/engine';
import { describe, expect, it } from 'vitest';
import { checkName, type NameCheckDeps } from './checkName.js';

const template = {
  nameField: 'name',
  parameters: {
    properties: {
      name: {
        type: 'string',
        pattern: '^[a-z](?:[a-z0-9]|-(?=[a-z0-9])){2,31}$',
        description: 'Lowercase letters, digits and single hyphens.',
      },
      githubOrg: { type: 'string', pattern: '^[A-Za-z0-9-]+$', default: 'acme-fintech' },
    },
  },
} as unknown as GoldenPath;

function deps(taken: { catalog?: string[]; remote?: string[] } = {}): NameCheckDeps & { asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    loadTemplate: () => template,
    inCatalog: async name => (taken.catalog ?? []).includes(name),
    inRemote: async (owner, name) => {
      asked.push(`${owner}/${name}`);
      return (taken.remote ?? []).includes(`${owner}/${name}`);
    },
  };
}

describe('checkName', () => {
  it('says a valid, unused name is available, checking the default organisation', async () => {
    const d = deps();
    expect(await checkName(d, { name: 'payments-ledger', template: 'python-django-service' })).toEqual({
      name: 'payments-ledger',
      valid: true,
      available: true,
      problems: [],
    });
    expect(d.asked).toEqual(['acme-fintech/payments-ledger']);
  });

  it("names the template's rule when the name breaks it, without asking anyone", async () => {
    const d = deps();
    const result = await checkName(d, { name: 'Payments--Ledger', template: 'python-django-service' });
    expect(result).toMatchObject({ valid: false, available: false });
    expect(result.problems).toEqual([
      'the name must match ^[a-z](?:[a-z0-9]|-(?=[a-z0-9])){2,31}$ (Lowercase letters, digits and single hyphens.)',
    ]);
    expect(d.asked).toEqual([]);
  });

  it('reports a name taken in the catalog and in the remote of the given organisation', async () => {
    const result = await checkName(deps({ catalog: ['ledger'], remote: ['risk-org/ledger'] }), {
      name: 'ledger',
      template: 't',
      owner: 'risk-org',
    });
    expect(result).toEqual({
      name: 'ledger',
      valid: true,
      available: false,
      problems: ['component:default/ledger is already in the catalog', 'the repository risk-org/ledger already exists'],
    });
  });

  it('does not call a name free when the remote cannot answer', async () => {
    const d = {
      ...deps(),
      inRemote: async () => Promise.reject(new Error('GitHub answered 503 for acme-fintech/ledger')),
    };
    expect(await checkName(d, { name: 'ledger', template: 't' })).toEqual({
      name: 'ledger',
      valid: true,
      available: false,
      problems: ['could not check whether acme-fintech/ledger exists: GitHub answered 503 for acme-fintech/ledger'],
    });
  });

  it('refuses an organisation that breaks its own field rule', async () => {
    const result = await checkName(deps(), { name: 'ledger', template: 't', owner: 'bad org' });
    expect(result.available).toBe(false);
    expect(result.problems[0]).toMatch(/^the organisation must match/);
  });
});
