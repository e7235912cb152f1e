import { describe, expect, it } from 'vitest';
import { deriveEnvironments, type Environments } from './environments.js';

const service = {
  awsRegion: 'eu-west-2',
  fargateSize: '1024-2048',
  desiredCount: 3,
  maxCount: 8,
  dataClassification: 'internal',
};
const derive = (list: unknown[], values: Record<string, unknown> = service) => deriveEnvironments(list, {}, values);
const value = (list: unknown[], values?: Record<string, unknown>) => {
  const out = derive(list, values);
  if ('problem' in out) throw new Error(out.problem);
  return (out.value as Environments).list;
};

describe('environments (ui:field EnvironmentsPicker)', () => {
  it("takes the service's region, size and scaling unless an environment gives its own; logs by kind", () => {
    const [staging, production, tenant] = value([
      { name: 'staging', kind: 'staging' },
      { name: 'production', kind: 'production', approvers: ['acme/leads'], awsAccountId: '111122223333' },
      {
        name: 'acme-bank',
        kind: 'tenant',
        owner: 'acme-bank-ops',
        monthlyCostCap: 500,
        awsRegion: 'eu-central-1',
        fargateSize: '256-512',
        desiredCount: 1,
        maxCount: 2,
      },
    ]);
    expect(staging).toMatchObject({ awsRegion: 'eu-west-2', cpu: 1024, memory: 2048, desiredCount: 3, maxCount: 8 });
    expect([staging!.logRetentionDays, production!.logRetentionDays, tenant!.logRetentionDays]).toEqual([30, 90, 30]);
    expect(production).toMatchObject({
      awsAccountId: '111122223333',
      approvers: ['acme/leads'],
      approversYaml: '["acme/leads"]',
    });
    expect(tenant).toMatchObject({ awsRegion: 'eu-central-1', cpu: 256, memory: 512, desiredCount: 1, maxCount: 2 });
  });

  it('chains the deploy jobs in the order given, each after the one before it', () => {
    const list = value([
      { name: 'staging', kind: 'staging' },
      { name: 'production', kind: 'production' },
      { name: 'eu-tenant', kind: 'tenant', owner: 'eu-ops', monthlyCostCap: 100 },
    ]);
    expect(list.map(e => [e.jobId, e.needsYaml, e.pushRoleVariable])).toEqual([
      ['deploy-staging', '[harden]', 'AWS_STAGING_IMAGE_PUSH_ROLE_ARN'],
      ['deploy-production', '[harden, deploy-staging]', 'AWS_PRODUCTION_IMAGE_PUSH_ROLE_ARN'],
      ['deploy-eu-tenant', '[harden, deploy-production]', 'AWS_EU_TENANT_IMAGE_PUSH_ROLE_ARN'],
    ]);
  });

  it("keeps a tenant's owner and cost cap, and refuses a tenant without them", () => {
    const tenant = { name: 'acme-bank', kind: 'tenant', owner: 'group:default/acme-bank-ops', monthlyCostCap: 800 };
    expect(value([tenant])[0]).toMatchObject({ owner: 'group:default/acme-bank-ops', monthlyCostCap: 800 });
    expect(value([{ name: 'staging', kind: 'staging' }])[0]).not.toHaveProperty('owner');
    for (const missing of ['owner', 'monthlyCostCap'])
      expect(derive([{ ...tenant, [missing]: undefined }])).toEqual({
        problem: 'environment 1 (acme-bank): a tenant needs an owner (a group) and a monthlyCostCap (USD)',
      });
  });

  it('hosts tenants added by branch in the first production environment, else the last one', () => {
    const host = (list: unknown[]) => {
      const out = derive(list);
      if ('problem' in out) throw new Error(out.problem);
      return (out.value as Environments).tenantHost.name;
    };
    const [staging, eu, us] = [
      { name: 'staging', kind: 'staging' },
      { name: 'production-eu', kind: 'production' },
      { name: 'production-us', kind: 'production' },
    ];
    expect(host([staging, eu, us])).toBe('production-eu');
    expect(host([staging, { name: 'qa', kind: 'preview' }])).toBe('qa');
  });

  it('keeps pci logs a year, and refuses an environment that would keep them less', () => {
    const pci = { ...service, dataClassification: 'pci' };
    expect(value([{ name: 'staging', kind: 'staging' }], pci)[0]!.logRetentionDays).toBe(365);
    expect(derive([{ name: 'staging', kind: 'staging', logRetentionDays: 90 }], pci)).toEqual({
      problem: expect.stringMatching(/^environment 1 \(staging\): logRetentionDays must be at least 365 for pci/),
    });
  });

  it('refuses a name given twice and a maximum under the minimum, naming the environment', () => {
    expect(
      derive([
        { name: 'a', kind: 'staging' },
        { name: 'a', kind: 'production' },
      ]),
    ).toEqual({
      problem: expect.stringMatching(/^environment 2 \(a\): the name is given twice/),
    });
    expect(derive([{ name: 'a', kind: 'staging', desiredCount: 4, maxCount: 2 }])).toEqual({
      problem: expect.stringMatching(/^environment 1 \(a\): maxCount must be at least desiredCount \(4\)/),
    });
    expect(derive([])).toEqual({ problem: 'must list at least one environment' });
  });
});
