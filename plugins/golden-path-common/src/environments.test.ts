import { describe, expect, it } from 'vitest';
import { environmentOf, environmentResource, sortEnvironments } from './environmentEntities.js';
import { checkEnvironments, environmentProblemText } from './environmentsCheck.js';
import { parseApprover } from './environmentsEntry.js';
import type { EnvironmentEntry } from './environments.js';
import { parseEnvironmentsFile } from './environmentsFile.js';

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
      { ...staging, name: 'evil', approvers: 'everyone' },
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
      expect.stringMatching(/environment 4 \(evil\): kind "root" must be one of staging, production, tenant, preview$/),
      expect.stringMatching(/environment 5 \(evil\): awsAccountId 1234 must be 12 digits/),
      expect.stringMatching(/environment 6 \(evil\): cpu 300 and memory 1024: not a Fargate task size/),
      expect.stringMatching(
        /environment 7 \(evil\): maxCount 1 must be .* at least desiredCount \(2\) and at most 100$/,
      ),
      expect.stringMatching(/environment 8 \(acme-bank\): owner \(missing\) must be a group.*every tenant has one/),
      expect.stringMatching(/environment 9 \(acme-bank\): owner "group:default\/<script>" must be a group/),
      expect.stringMatching(/environment 10 \(acme-bank\): monthlyCostCap -5 must be a positive number/),
      expect.stringMatching(/environment 11 \(acme-bank\): monthlyCostCap "\$\{\{ github.token }}" must be/),
      expect.stringMatching(/environment 12 \(evil\): approvers "everyone" must be a list/),
      expect.stringMatching(/environment 13 \(acme-bank\): host "..\/prod" must be the name of an environment$/),
      'infra/environments.yaml environment 14: must be a mapping of fields',
      'infra/environments.yaml environment 15: must be a mapping of fields',
      'infra/environments.yaml environment 16 (staging): the name is given twice; each environment needs its own',
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
        'infra/environments.yaml environment 3 (preview): host "acme-bank" must be one of the environments main deploys (staging)',
      ],
      [{ ...preview, host: 'preview' }, /environment 3 \(preview\): host "preview" must be one of the environments/],
      [{ ...preview, host: 'nowhere' }, /environment 3 \(preview\): host "nowhere" must be/],
      [
        { ...preview, host: undefined },
        'infra/environments.yaml environment 3 (preview): host must name the environment whose account and cluster host the previews',
      ],
      [
        { ...preview, ttlHours: 0 },
        /environment 3 \(preview\): ttlHours 0 must be a whole number of hours from 1 to 336/,
      ],
      [{ ...preview, ttlHours: 337 }, /ttlHours 337 must be/],
      [{ ...preview, ttlHours: '72' }, /ttlHours "72" must be/],
      [{ ...preview, ttlHours: undefined }, /ttlHours \(missing\) must be/],
      [
        { ...staging, name: 'qa', ttlHours: 5 },
        'infra/environments.yaml environment 3 (qa): ttlHours 5 is for the preview entry (kind preview) only',
      ],
      [
        { ...staging, name: 'qa', host: 'staging' },
        'infra/environments.yaml environment 3 (qa): host "staging" is for the preview entry (kind preview) and a tenant added by its branch only',
      ],
    ] as const) {
      const parsed = refusals(entry);
      expect(parsed.environments.map(e => e.name)).toEqual(['staging', 'acme-bank']);
      expect(parsed.problems).toEqual([typeof problem === 'string' ? problem : expect.stringMatching(problem)]);
    }
  });

  it('refuses a file whose every entry main deploys is refused or absent, and its preview entry with them', () => {
    const preview = { ...staging, name: 'pr', kind: 'preview', host: 'staging', ttlHours: 1 };
    for (const environments of [[], [tenant], [preview], [{ ...staging, cpu: 3 }, preview]])
      expect(parseEnvironmentsFile({ environments })).toEqual({
        environments: environments.includes(tenant) ? [tenant] : [],
        problems: expect.arrayContaining([
          'infra/environments.yaml: must list at least one environment that main deploys (not a preview or a branch tenant)',
        ]),
      });
  });

  it('refuses the preview entry when an environment main deploys is named preview or preview-sweep (the previews’ GitHub environments)', () => {
    const named = { ...staging, name: 'preview' };
    const pr = { ...staging, name: 'pr', kind: 'preview', host: 'staging', ttlHours: 1 };
    expect(parseEnvironmentsFile({ environments: [staging, named, pr] })).toEqual({
      environments: [staging, named],
      problems: [
        'infra/environments.yaml environment 3 (pr): an environment main deploys is named preview, a GitHub environment of the previews; rename it',
      ],
    });
    const sweep = { ...staging, name: 'preview-sweep', kind: 'production' };
    expect(parseEnvironmentsFile({ environments: [staging, sweep, pr] }).problems).toEqual([
      'infra/environments.yaml environment 3 (pr): an environment main deploys is named preview-sweep, a GitHub environment of the previews; rename it',
    ]);
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

describe('checkEnvironments', () => {
  it('names the entry (its position, its name when valid) and the field of each problem, the list’s last', () => {
    const preview = { ...staging, name: 'pr', kind: 'preview', host: 'staging', ttlHours: 24 };
    const { environments, problems } = checkEnvironments([
      { ...staging, name: 'Bad Name' },
      { ...staging, maxCount: 1 },
      preview,
      { ...preview, name: 'pr2' },
      { ...staging, name: 'acme', kind: 'tenant', owner: 'group:ops', monthlyCostCap: 5, host: 'production' },
    ]);
    // Only a branch tenant is left: the preview entry, with no host main deploys, goes with the rest.
    expect(environments.map(e => e.name)).toEqual(['acme']);
    expect(problems).toEqual([
      { index: 0, field: 'name', message: expect.stringMatching(/^name "Bad Name" must be lowercase/) },
      { index: 1, name: 'staging', field: 'maxCount', message: expect.stringMatching(/^maxCount 1 must be/) },
      { index: 3, name: 'pr2', field: 'kind', message: expect.stringMatching(/kind preview is given twice/) },
      { message: expect.stringMatching(/^must list at least one environment that main deploys/) },
    ]);
    expect(problems.map(p => environmentProblemText(p, 'f.yaml'))).toEqual([
      expect.stringMatching(/^f\.yaml environment 1: name "Bad Name"/),
      expect.stringMatching(/^f\.yaml environment 2 \(staging\): maxCount 1/),
      expect.stringMatching(/^f\.yaml environment 4 \(pr2\): kind preview/),
      expect.stringMatching(/^f\.yaml: must list at least one/),
    ]);
  });

  it('answers nothing for a sound list, a branch tenant (with a host) and the preview entry included', () => {
    const list = [
      staging,
      { ...staging, name: 'acme', kind: 'tenant', owner: 'group:ops', monthlyCostCap: 5, host: 'staging' },
      { ...staging, name: 'pr', kind: 'preview', host: 'staging', ttlHours: 1 },
    ];
    expect(checkEnvironments(list)).toEqual({ environments: list, problems: [] });
  });

  it('takes what GitHub, CloudWatch and the service module take: six approvers, a CloudWatch retention, 1 to 50 tasks, 32-character names', () => {
    const six = ['a', 'b', 'c', 'd', 'e', 'acme/f'];
    const accepted = [
      { ...staging, approvers: six },
      { ...staging, logRetentionDays: 3653 },
      { ...staging, desiredCount: 1, maxCount: 100 },
      { ...staging, name: `s${'x'.repeat(31)}` },
    ];
    for (const entry of accepted) expect(checkEnvironments([entry]).problems).toEqual([]);
    const refused: [object, RegExp][] = [
      [
        { ...staging, approvers: [...six, 'g'] },
        /^approvers .* must be at most 6: GitHub takes no more required reviewers/,
      ],
      [{ ...staging, approvers: Array.from({ length: 20 }, (_, i) => `u${i}`) }, /must be at most 6/],
      [
        { ...staging, logRetentionDays: 2 },
        /^logRetentionDays 2 must be a number of days CloudWatch keeps logs: 1, 3, 5,/,
      ],
      [{ ...staging, logRetentionDays: 4000 }, /^logRetentionDays 4000 must be/],
      [{ ...staging, desiredCount: 0 }, /^desiredCount 0 must be a whole number from 1 to 50$/],
      [{ ...staging, desiredCount: 51, maxCount: 60 }, /^desiredCount 51 must be/],
      [
        { ...staging, maxCount: 101 },
        /^maxCount 101 must be a whole number, at least desiredCount \(2\) and at most 100$/,
      ],
      [{ ...staging, name: `s${'x'.repeat(32)}` }, /^name .* at most 32 characters$/],
    ];
    for (const [entry, message] of refused)
      expect(checkEnvironments([entry]).problems[0]).toEqual(
        expect.objectContaining({ index: 0, message: expect.stringMatching(message) }),
      );
  });
  it("refuses the tenant workflow's GitHub environments and a preview stack's name as an environment's name", () => {
    const named = (name: string, kind = 'staging') => checkEnvironments([{ ...staging, name, kind }, staging]).problems;
    for (const name of ['tenant', 'tenant-destroy'])
      expect(named(name)).toEqual([
        {
          index: 0,
          field: 'name',
          name,
          message: `name "${name}" is reserved: it is a GitHub environment of the tenant workflow (tenant.yml)`,
        },
      ]);
    for (const [name, kind] of [
      ['pr-1', 'staging'],
      ['pr-42', 'tenant'],
      ['pr-7', 'production'],
    ] as const)
      expect(named(name, kind)[0]).toEqual(
        expect.objectContaining({
          index: 0,
          field: 'name',
          message: `name "${name}" is reserved: <service>-pr-<number> is the name of a pull request's preview stack`,
        }),
      );
    // Names that only look alike stay free.
    for (const name of ['tenants', 'pr', 'pr-x', 'prod-1', 'tenant-a']) expect(named(name)).toEqual([]);
  });
});

describe('parseApprover', () => {
  it('reads a user or an org/team, and nothing else', () => {
    expect(parseApprover('ada-l')).toEqual({ owner: 'ada-l' });
    expect(parseApprover('acme-fintech/payments.leads_2')).toEqual({ owner: 'acme-fintech', team: 'payments.leads_2' });
    for (const bad of ['', '-ada', 'a/b/c', 'acme/', `${'x'.repeat(40)}`, 'acme/<script>', 7, undefined])
      expect(parseApprover(bad)).toBeUndefined();
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
