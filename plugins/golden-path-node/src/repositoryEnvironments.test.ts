import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { readRepositoryEnvironments, type EnvironmentsFileAt } from './repositoryEnvironments.js';

const environment = (name: string, kind: string, more: Record<string, unknown> = {}) => ({
  name,
  kind,
  awsAccountId: '111122223333',
  awsRegion: 'eu-west-1',
  cpu: 1024,
  memory: 2048,
  desiredCount: 2,
  maxCount: 6,
  logRetentionDays: 30,
  approvers: [],
  ...more,
});
const main = [environment('staging', 'staging'), environment('production', 'production')];
/** A tenant's entry as docs/pipeline.md has owners write it: hosted by main's tenant host. */
const tenant = (name: string, more: Record<string, unknown> = {}) =>
  environment(name, 'tenant', {
    owner: `group:default/${name}-ops`,
    monthlyCostCap: 1500,
    host: 'production',
    ...more,
  });

/**
 * Reads a repository whose main commit holds `mainEntries` and whose branch `tenants/<name>` holds
 * main's entries plus the given entry, or entries (the tenant's commit is named after the branch).
 */
async function read(tenants: Record<string, unknown>, mainEntries: unknown[] = main, serviceAwsName = 'payments-api') {
  const files = new Map<string, Buffer>([['main', Buffer.from(stringify({ environments: mainEntries }))]]);
  for (const [name, entry] of Object.entries(tenants))
    files.set(`tenants/${name}`, Buffer.from(stringify({ environments: [...mainEntries, ...[entry].flat()] })));
  const fileAt: EnvironmentsFileAt = async commit => files.get(commit);
  const branches = Object.keys(tenants).map(name => ({ branch: `tenants/${name}`, commit: `tenants/${name}` }));
  const read = await readRepositoryEnvironments(fileAt, { main: 'main', tenants: branches }, serviceAwsName);
  return { names: read.environments.map(e => e.entry.name), problems: read.problems };
}

describe('readRepositoryEnvironments: tenant branches', () => {
  it('lists a tenant the tenant workflow deploys, after main’s environments', async () => {
    expect(await read({ 'acme-bank': tenant('acme-bank') })).toEqual({
      names: ['staging', 'production', 'acme-bank'],
      problems: [],
    });
  });

  it('lists as a problem, naming the branch and the rule, a branch the tenant workflow refuses', async () => {
    const longest = 31 - 'payments-api'.length;
    const long = `t${'x'.repeat(longest)}`;
    const { names, problems } = await read({
      'pr-12': tenant('pr-12'),
      tenant: tenant('tenant'),
      'preview-sweep': tenant('preview-sweep'),
      [long]: tenant(long),
      globex: tenant('globex', { host: 'staging' }),
      initech: tenant('initech', { host: undefined }),
      hooli: [tenant('hooli'), tenant('hooli', { owner: 'group:default/mallory' })],
      umbrella: tenant('umbrella', { monthlyCostCap: 0.5 }),
      wayne: tenant('wayne'),
    });
    expect(names).toEqual(['staging', 'production', 'wayne']);
    expect(problems).toEqual([
      "tenants/pr-12: 'pr-12' is reserved: payments-api-pr-12 is the name of a pull request's preview stack",
      "tenants/tenant: 'tenant' is reserved: it names a branch or an environment of this repository",
      "tenants/preview-sweep: 'preview-sweep' is reserved: it names a branch or an environment of this repository",
      `tenants/${long}: the tenant '${long}' is ${longest + 1} characters; at most ${longest} fit in the stack name payments-api-<tenant> (32)`,
      "tenants/globex: infra/environments.yaml environment globex: host must be production (the environment whose account and cluster this repository's tenants share)",
      "tenants/initech: infra/environments.yaml environment initech: host must be production (the environment whose account and cluster this repository's tenants share)",
      "tenants/hooli: infra/environments.yaml lists hooli 2 times; a tenant's branch lists it once",
      "tenants/umbrella: infra/environments.yaml environment umbrella: monthlyCostCap 0.5 must be 1 to 9999999 US dollars, at most two decimals, on a tenant's branch",
    ]);
  });

  it("takes the tenants' host and the name length from the repository: main's list and the service's AWS name", async () => {
    // Main deploys no production: the last environment main deploys hosts the tenants.
    const qa = [environment('qa', 'staging'), environment('staging', 'staging')];
    const onStaging = await read({ 'acme-bank': tenant('acme-bank', { host: 'staging' }), staging: tenant('x') }, qa);
    expect(onStaging.names).toEqual(['qa', 'staging', 'acme-bank']);
    expect(onStaging.problems).toEqual([expect.stringMatching(/^tenants\/staging: 'staging' is reserved/)]);
    const name = `t${'x'.repeat(25)}`; // 26 characters: too long for payments-api, fine for api
    expect((await read({ [name]: tenant(name) }, main, 'api')).names).toContain(name);
    expect((await read({ [name]: tenant(name) })).problems).toEqual([expect.stringContaining('at most 19 fit')]);
  });
});
