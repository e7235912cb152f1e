import { describe, expect, it } from 'vitest';
import { environmentOf, environmentResource, sortEnvironments } from './environmentEntities.js';
import { parseEnvironmentsFile, type EnvironmentEntry } from './environments.js';

const staging = {
  name: 'staging',
  kind: 'staging',
  awsAccountId: '',
  awsRegion: 'eu-west-1',
  cpu: 512,
  memory: 1024,
  desiredCount: 2,
  maxCount: 4,
  logRetentionDays: 30,
  approvers: [],
};
const tenant = {
  ...staging,
  name: 'acme-bank',
  kind: 'tenant',
  awsAccountId: '444455556666',
  approvers: ['acme-fintech/payments-leads'],
  owner: 'group:default/acme-bank-ops',
  monthlyCostCap: 1500,
  host: 'production',
};

describe('parseEnvironmentsFile', () => {
  it('reads the entries as the engine renders them, a tenant with its owner and cost cap', () => {
    expect(parseEnvironmentsFile({ environments: [staging, tenant] })).toEqual({
      environments: [staging, tenant],
      problems: [],
    });
  });

  it('keeps the good entries and names each bad one with its field, the file being anyone’s to write', () => {
    const hostile = [
      staging,
      { ...staging, name: '../../etc' },
      { ...staging, name: 'x'.repeat(200) },
      { ...staging, name: 'evil', kind: 'root' },
      { ...staging, name: 'evil', awsAccountId: 1234 },
      { ...staging, name: 'evil', cpu: 300 },
      { ...staging, name: 'evil', maxCount: 1 },
      { ...tenant, owner: undefined },
      { ...tenant, owner: 'group:default/<script>' },
      { ...tenant, monthlyCostCap: -5 },
      { ...tenant, monthlyCostCap: '${{ github.token }}' },
      { ...staging, approvers: 'everyone' },
      { ...tenant, host: '../prod' },
      'just text',
      null,
      { ...staging }, // the name again
      tenant,
    ];
    const { environments, problems } = parseEnvironmentsFile({ environments: hostile });
    expect(environments.map(e => e.name)).toEqual(['staging', 'acme-bank']);
    expect(problems).toEqual([
      expect.stringMatching(/^infra\/environments.yaml environment 2: name "..\/..\/etc" must be lowercase/),
      expect.stringMatching(/environment 3: name "x{36}\.\.\. must be/),
      expect.stringMatching(/environment 4: kind "root" must be one of staging, production, tenant, preview$/),
      expect.stringMatching(/environment 5: awsAccountId 1234 must be 12 digits/),
      expect.stringMatching(/environment 6: cpu 300 and memory 1024: not a Fargate task size/),
      expect.stringMatching(/environment 7: maxCount 1 must be .* at least desiredCount/),
      expect.stringMatching(/environment 8: owner undefined must be a group.*every tenant has one/),
      expect.stringMatching(/environment 9: owner "group:default\/<script>" must be a group/),
      expect.stringMatching(/environment 10: monthlyCostCap -5 must be a positive number/),
      expect.stringMatching(/environment 11: monthlyCostCap "\$\{\{ github.token }}" must be/),
      expect.stringMatching(/environment 12: approvers "everyone" must be a list/),
      expect.stringMatching(/environment 13: host "..\/prod" must be the name of an environment$/),
      expect.stringMatching(/environment 14: must be a mapping/),
      expect.stringMatching(/environment 15: must be a mapping/),
      expect.stringMatching(/environment 16: the name staging is given twice/),
    ]);
    // Every message is short, whatever the file holds.
    expect(Math.max(...problems.map(p => p.length))).toBeLessThan(200);
  });

  it('reads the preview entry (host, ttlHours) and refuses a second one, a host main does not deploy, a bad TTL', () => {
    const production = { ...staging, name: 'production', kind: 'production' };
    const preview = { ...staging, name: 'preview', kind: 'preview', host: 'staging', ttlHours: 72, monthlyCostCap: 50 };
    expect(parseEnvironmentsFile({ environments: [staging, production, preview] })).toEqual({
      environments: [staging, production, preview],
      problems: [],
    });
    const refusals = (...entries: unknown[]) => parseEnvironmentsFile({ environments: [staging, tenant, ...entries] });
    expect(refusals(preview, { ...preview, name: 'preview-2' })).toEqual({
      environments: [staging, tenant, preview],
      problems: [
        'infra/environments.yaml environment 4 (preview-2): kind preview is given twice; one entry hosts every preview',
      ],
    });
    for (const [entry, problem] of [
      [
        { ...preview, host: 'acme-bank' },
        /environment preview: host "acme-bank" must be the name of another environment of the file that main deploys/,
      ],
      [{ ...preview, host: 'preview' }, /environment preview: host "preview" must be the name of another environment/],
      [{ ...preview, host: 'nowhere' }, /environment preview: host "nowhere" must be/],
      [
        { ...preview, host: undefined },
        /environment 3: host must name the environment whose account and cluster host the previews/,
      ],
      [{ ...preview, ttlHours: 0 }, /environment 3: ttlHours 0 must be a whole number of hours from 1 to 336/],
      [{ ...preview, ttlHours: 337 }, /ttlHours 337 must be/],
      [{ ...preview, ttlHours: '72' }, /ttlHours "72" must be/],
      [{ ...preview, ttlHours: undefined }, /ttlHours undefined must be/],
      [
        { ...staging, name: 'qa', ttlHours: 5 },
        /environment 3: ttlHours 5: only the preview entry \(kind preview\) has one/,
      ],
    ] as const) {
      const parsed = refusals(entry);
      expect(parsed.environments.map(e => e.name)).toEqual(['staging', 'acme-bank']);
      expect(parsed.problems).toEqual([expect.stringMatching(problem)]);
    }
  });

  it('refuses the preview entry when an environment main deploys is named preview (the previews’ GitHub environment)', () => {
    const named = { ...staging, name: 'preview' };
    const pr = { ...staging, name: 'pr', kind: 'preview', host: 'staging', ttlHours: 1 };
    expect(parseEnvironmentsFile({ environments: [staging, named, pr] })).toEqual({
      environments: [staging, named],
      problems: [
        'infra/environments.yaml environment pr: an environment main deploys is named preview, the GitHub environment of the previews',
      ],
    });
  });

  it('reports a file that is not a list of environments, and stops reading after 50 entries', () => {
    for (const data of [null, 'text', [], { environments: 'x' }]) {
      expect(parseEnvironmentsFile(data)).toEqual({
        environments: [],
        problems: ["infra/environments.yaml must have a list 'environments'"],
      });
    }
    const many = Array.from({ length: 60 }, (_, i) => ({ ...staging, name: `e${i}` }));
    const parsed = parseEnvironmentsFile({ environments: many });
    expect(parsed.environments).toHaveLength(50);
    expect(parsed.problems).toEqual(['infra/environments.yaml: 10 environments after the first 50 were not read']);
  });
});

describe('environmentResource / environmentOf', () => {
  const service = { name: 'payments-api', owner: 'group:default/payments', system: 'payments' };

  it('makes a tenant a Resource of type tenant, owned by its own group, depending on the service', () => {
    const resource = environmentResource(service, tenant as EnvironmentEntry, { branch: 'tenants/acme-bank' });
    expect(resource).toMatchObject({
      kind: 'Resource',
      metadata: { name: 'payments-api-acme-bank', namespace: 'default' },
      spec: {
        type: 'tenant',
        owner: 'group:default/acme-bank-ops',
        dependencyOf: ['component:default/payments-api'],
        system: 'payments',
      },
    });
    expect(environmentOf(resource, 'payments-api')).toEqual({
      ref: 'resource:default/payments-api-acme-bank',
      name: 'acme-bank',
      kind: 'tenant',
      branch: 'tenants/acme-bank',
      owner: 'group:default/acme-bank-ops',
      awsAccountId: '444455556666',
      awsRegion: 'eu-west-1',
      taskSize: '0.5 vCPU, 1 GB',
      scaling: '2-4',
      logRetentionDays: 30,
      approvers: ['acme-fintech/payments-leads'],
      monthlyCostCap: 1500,
      host: 'production',
    });
  });

  it("makes main's environments of type environment, owned by the service's owner, in promotion order", () => {
    const production = { ...staging, name: 'production', kind: 'production' } as EnvironmentEntry;
    const views = [
      environmentResource(service, tenant as EnvironmentEntry, { branch: 'tenants/acme-bank' }),
      environmentResource(service, production, { branch: 'main', order: 2 }),
      environmentResource(service, staging as EnvironmentEntry, { branch: 'main', order: 1 }),
    ].map(r => environmentOf(r, 'payments-api')!);
    expect(sortEnvironments(views).map(v => [v.name, v.kind, v.owner])).toEqual([
      ['staging', 'staging', 'group:default/payments'],
      ['production', 'production', 'group:default/payments'],
      ['acme-bank', 'tenant', 'group:default/acme-bank-ops'],
    ]);
  });

  it('reads nothing from other entities', () => {
    expect(environmentOf({ kind: 'Component', metadata: { name: 'x' } })).toBeUndefined();
    const foreign = {
      kind: 'Resource',
      metadata: { name: 'db', annotations: { 'golden-path.dev/environment-kind': 'x' } },
    };
    expect(environmentOf(foreign)).toBeUndefined();
  });
});
