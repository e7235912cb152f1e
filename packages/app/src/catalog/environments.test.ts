import { environmentResource, type EnvironmentEntry } from '@golden-path/common';
import { describe, expect, it } from 'vitest';
import { environmentProblems, environmentsFilter, environmentSummary, serviceEnvironments } from './environments';

const service = { name: 'payments-api', owner: 'group:default/payments' };
const base: EnvironmentEntry = {
  name: 'staging',
  kind: 'staging',
  awsAccountId: '',
  awsRegion: 'eu-west-1',
  cpu: 512,
  memory: 1024,
  desiredCount: 2,
  maxCount: 6,
  logRetentionDays: 30,
  approvers: [],
};
const production: EnvironmentEntry = {
  ...base,
  name: 'production',
  kind: 'production',
  awsAccountId: '111122223333',
  logRetentionDays: 90,
  approvers: ['acme-fintech/payments-leads'],
};
const tenant: EnvironmentEntry = {
  ...production,
  name: 'acme-bank',
  kind: 'tenant',
  owner: 'group:default/acme-bank-ops',
  monthlyCostCap: 1500,
  host: 'production',
};

describe("the Environments card's data", () => {
  it('asks the catalog for the Resources that are a dependency of the service', () => {
    expect(environmentsFilter('component:default/payments-api')).toEqual({
      kind: 'resource',
      'relations.dependencyOf': 'component:default/payments-api',
    });
  });

  it('lists environments in promotion order and tenants apart, ignoring other resources', () => {
    const database = { kind: 'Resource', metadata: { name: 'payments-db' }, spec: { type: 'database' } };
    const answer = [
      environmentResource(service, tenant, { branch: 'tenants/acme-bank' }),
      database,
      environmentResource(service, production, { branch: 'main', order: 2 }),
      environmentResource(service, base, { branch: 'main', order: 1 }),
    ];
    const { environments, tenants } = serviceEnvironments(answer, 'payments-api');
    expect(environments.map(e => e.name)).toEqual(['staging', 'production']);
    expect(tenants.map(e => [e.name, e.owner])).toEqual([['acme-bank', 'group:default/acme-bank-ops']]);
    expect(environmentSummary(environments[0]!)).toBe('eu-west-1 · 0.5 vCPU, 1 GB · 2–6 tasks · logs 30 days');
    expect(environmentSummary(tenants[0]!)).toBe(
      'on production · account 111122223333, eu-west-1 · 0.5 vCPU, 1 GB · 2–6 tasks · logs 90 days · ' +
        'approved by acme-fintech/payments-leads · cap $1,500/month',
    );
  });

  it('shows what the catalog could not read, one sentence a line, none when all was read', () => {
    const annotations = { 'golden-path.dev/environment-problems': 'main: a\ntenants/x: b' };
    expect(environmentProblems({ metadata: { annotations } })).toEqual(['main: a', 'tenants/x: b']);
    expect(environmentProblems({ metadata: {} })).toEqual([]);
  });
});
