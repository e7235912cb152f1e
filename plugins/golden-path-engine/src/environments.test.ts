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
    expect(derive([{ ...tenant, owner: undefined }])).toEqual({
      problem:
        'environment 1 (acme-bank): owner (missing) must be a group, such as group:default/acme-bank-ops (every tenant has one)',
    });
    expect(derive([{ ...tenant, monthlyCostCap: undefined }])).toEqual({
      problem:
        'environment 1 (acme-bank): monthlyCostCap (missing) must be a positive number of US dollars (every tenant has one)',
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
    expect(host([staging, { name: 'qa', kind: 'preview' }])).toBe('staging');
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
      problem: 'environment 1 (a): maxCount 2 must be a whole number, at least desiredCount (4) and at most 100',
    });
    expect(derive([])).toEqual({
      problem: 'must list at least one environment that main deploys (not a preview or a branch tenant)',
    });
  });
});

describe('the preview entry (kind preview)', () => {
  const staging = { name: 'staging', kind: 'staging' };
  const production = { name: 'production', kind: 'production' };
  const environments = (list: unknown[], values: Record<string, unknown> = service) => {
    const out = derive(list, values);
    if ('problem' in out) throw new Error(out.problem);
    return out.value as Environments;
  };

  it('is kept out of the deployed list and names, with its defaults: first staging host, 72 h, one task, 7 days, USD 50', () => {
    const e = environments([production, { name: 'pr', kind: 'preview' }, staging, { name: 'qa', kind: 'staging' }]);
    expect(e.list.map(d => [d.name, d.needsYaml])).toEqual([
      ['production', '[harden]'],
      ['staging', '[harden, deploy-production]'],
      ['qa', '[harden, deploy-staging]'],
    ]);
    expect(e.names).toBe('production staging qa');
    expect(e.entries.map(d => d.name)).toEqual(['production', 'staging', 'qa', 'pr']);
    expect(e.preview).toMatchObject({
      name: 'pr',
      kind: 'preview',
      host: 'staging',
      ttlHours: 72,
      desiredCount: 1,
      maxCount: 1,
      logRetentionDays: 7,
      monthlyCostCap: 50,
      awsRegion: 'eu-west-2',
      cpu: 1024,
      memory: 2048,
      jobId: 'preview',
      pushRoleVariable: 'AWS_PREVIEW_ROLE_ARN',
    });
    expect(environments([production, { name: 'pr', kind: 'preview' }]).preview!.host).toBe('production');
    const given = { name: 'pr', kind: 'preview', host: 'production', ttlHours: 5, monthlyCostCap: 9, maxCount: 2 };
    const elsewhere = { ...production, awsAccountId: '111122223333', awsRegion: 'us-east-1' };
    expect(environments([staging, elsewhere, { ...given, awsRegion: 'eu-west-1' }]).preview).toMatchObject({
      host: 'production',
      // The host's account and region, whatever the entry says: that is where it runs.
      awsAccountId: '111122223333',
      awsRegion: 'us-east-1',
      ttlHours: 5,
      monthlyCostCap: 9,
      desiredCount: 1,
      maxCount: 2,
    });
    expect(
      environments([staging, { name: 'pr', kind: 'preview' }], { ...service, dataClassification: 'pci' }).preview!
        .logRetentionDays,
    ).toBe(365);
  });

  it('is absent without an entry of kind preview: the entries are the list', () => {
    const e = environments([staging, production]);
    expect(e.preview).toBeUndefined();
    expect(e.entries).toEqual(e.list);
    expect(e.list.some(d => 'host' in d || 'ttlHours' in d)).toBe(false);
  });

  it('refuses a second preview, a host main does not deploy, host or ttlHours elsewhere, a preview only, a long service name', () => {
    const pr = { name: 'pr', kind: 'preview' };
    for (const [list, problem] of [
      [
        [staging, pr, { name: 'pr2', kind: 'preview' }],
        'environment 3 (pr2): kind preview is given twice; one entry hosts every preview',
      ],
      [
        [staging, { ...pr, host: 'pr' }],
        'environment 2 (pr): host "pr" must be one of the environments main deploys (staging)',
      ],
      [
        [staging, { ...pr, host: 'prod' }],
        'environment 2 (pr): host "prod" must be one of the environments main deploys (staging)',
      ],
      [
        [{ ...staging, host: 'production' }, production],
        'environment 1 (staging): host "production" is for the preview entry (kind preview) and a tenant added by its branch only',
      ],
      [
        [
          staging,
          production,
          { name: 'acme', kind: 'tenant', owner: 'acme-ops', monthlyCostCap: 9, host: 'production' },
        ],
        'environment 3 (acme): host is for the preview entry (kind preview) only here: a tenant with a host is added by its branch (tenants/<tenant>)',
      ],
      [
        [{ ...staging, ttlHours: 3 }],
        'environment 1 (staging): ttlHours 3 is for the preview entry (kind preview) only',
      ],
      [[pr], 'must list at least one environment that main deploys (not a preview or a branch tenant)'],
      [
        [{ name: 'preview', kind: 'staging' }, pr],
        'environment 2 (pr): an environment main deploys is named preview, a GitHub environment of the previews; rename it',
      ],
      [
        [staging, { name: 'preview-sweep', kind: 'production' }, pr],
        'environment 3 (pr): an environment main deploys is named preview-sweep, a GitHub environment of the previews; rename it',
      ],
    ] as const)
      expect(derive([...list])).toEqual({ problem });
    const long = { ...service, name: 'a-service-name-of-22ch' };
    expect(derive([staging, pr], long)).toEqual({
      problem:
        'environment 2 (pr): previews need a service name of at most 21 characters: the load balancer and target group of a preview are named a-service-name-of-22ch-pr-9999999 (at most 32)',
    });
    expect(environments([staging, pr], { ...service, name: 'a-service-name-of-21c' }).preview!.host).toBe('staging');
    // Without a preview entry the same name is fine: nothing is named after a pull request.
    expect(environments([staging], long).preview).toBeUndefined();
  });
});
