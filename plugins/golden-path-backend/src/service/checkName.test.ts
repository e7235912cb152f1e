import { GoldenPathEngine } from '@golden-path/engine';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkName, type NameCheckDeps } from './checkName.js';

/** The real engine on the repository's golden paths: python-django-service's name and githubOrg fields. */
const engine = new GoldenPathEngine({ templatesRoot: resolve(import.meta.dirname, '../../../../templates') });
const gp = engine.load('python-django-service');

function deps(
  taken: { catalog?: string[]; remote?: string[] } = {},
  orgs?: string[],
): NameCheckDeps & { asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    orgs,
    loadTemplate: () => gp,
    fieldProblem: (g, field, value) => engine.fieldProblem(g, field, value),
    inCatalog: async name => (taken.catalog ?? []).includes(name),
    inRemote: async (org, name) => {
      asked.push(`${org}/${name}`);
      return (taken.remote ?? []).includes(`${org}/${name}`);
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

  it("quotes the engine's rule for the name field when the name breaks it, without asking anyone", async () => {
    const d = deps();
    const result = await checkName(d, { name: 'Payments--Ledger', template: 'python-django-service' });
    expect(result).toMatchObject({ valid: false, available: false });
    expect(result.problems).toEqual([
      expect.stringMatching(
        /^name: must match \^\[a-z\]\(\?:\[a-z0-9\]\|-\(\?=\[a-z0-9\]\)\)\{2,31\}\$ \(Lowercase letters/,
      ),
    ]);
    expect(d.asked).toEqual([]);
  });

  it('reports a name taken in the catalog and in the remote of a configured organisation', async () => {
    const d = deps({ catalog: ['ledger'], remote: ['risk-org/ledger'] }, ['acme-fintech', 'risk-org']);
    expect(await checkName(d, { name: 'ledger', template: 'python-django-service', org: 'risk-org' })).toEqual({
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
    expect(await checkName(d, { name: 'ledger', template: 'python-django-service' })).toEqual({
      name: 'ledger',
      valid: true,
      available: false,
      problems: ['could not check whether acme-fintech/ledger exists: GitHub answered 503 for acme-fintech/ledger'],
    });
  });

  it('answers only for the organisations this portal publishes to, naming the field', async () => {
    const d = deps({}, ['risk-org']);
    await expect(
      checkName(d, { name: 'ledger', template: 'python-django-service', org: 'someone-else' }),
    ).rejects.toThrow('org: "someone-else" is not an organisation this portal publishes to; allowed: risk-org');
    // Unconfigured: the golden path's own default only.
    await expect(
      checkName(deps(), { name: 'ledger', template: 'python-django-service', org: 'risk-org' }),
    ).rejects.toThrow('allowed: acme-fintech');
    // The default org is the first configured one when the golden path's default is not among them.
    await checkName(d, { name: 'ledger', template: 'python-django-service' });
    expect(d.asked).toEqual(['risk-org/ledger']);
  });
});
