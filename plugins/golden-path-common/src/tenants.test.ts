import { describe, expect, it } from 'vitest';
import type { EnvironmentEntry } from './environments.js';
import { tenantEntryProblem, tenantHost, tenantNameMax, tenantNameProblem } from './tenants.js';

const context = { serviceAwsName: 'payments-api', tenantHost: 'production' };
const entry = (
  name: string,
  kind: EnvironmentEntry['kind'],
  more: Partial<EnvironmentEntry> = {},
): EnvironmentEntry => ({
  name,
  kind,
  awsAccountId: '',
  awsRegion: 'eu-west-1',
  cpu: 512,
  memory: 1024,
  desiredCount: 2,
  maxCount: 4,
  logRetentionDays: 30,
  approvers: [],
  ...more,
});

describe('tenantNameProblem', () => {
  it('takes a plain name whose stack <service>-<tenant> fits in 32 characters', () => {
    expect(tenantNameMax('payments-api')).toBe(19);
    expect(tenantNameProblem('acme-bank', context)).toBeUndefined();
    expect(tenantNameProblem(`t${'x'.repeat(18)}`, context)).toBeUndefined();
    expect(tenantNameProblem('pr-team', context)).toBeUndefined();
  });

  it("refuses names too long for the service's stack names", () => {
    expect(tenantNameProblem(`t${'x'.repeat(19)}`, context)).toBe(
      "the tenant 'txxxxxxxxxxxxxxxxxxx' is 20 characters; at most 19 fit in the stack name payments-api-<tenant> (32)",
    );
    // The same name fits a shorter service.
    expect(tenantNameProblem(`t${'x'.repeat(19)}`, { ...context, serviceAwsName: 'api' })).toBeUndefined();
  });

  it("refuses the names of branches, of the host, of GitHub environments and of pull requests' previews", () => {
    for (const name of [
      'main',
      'master',
      'staging',
      'production',
      'preview',
      'preview-sweep',
      'tenant',
      'tenant-destroy',
    ])
      expect(tenantNameProblem(name, { ...context, tenantHost: 'prod-eu' }), name).toMatch(
        /^'.+' is reserved: it names/,
      );
    expect(tenantNameProblem('prod-eu', { ...context, tenantHost: 'prod-eu' })).toMatch(/is reserved/);
    expect(tenantNameProblem('pr-12', context)).toBe(
      "'pr-12' is reserved: payments-api-pr-12 is the name of a pull request's preview stack",
    );
  });

  it('refuses what is not a plain name without repeating it', () => {
    for (const name of ['Acme', '../x', 'a--b', '-x', '', '${{ github.token }}', '1bank', 'a_b']) {
      const problem = tenantNameProblem(name, context);
      expect(problem, name).toMatch(/^the tenant's name \(after tenants\/\) must be lowercase letters/);
      if (name) expect(problem).not.toContain(name);
    }
  });
});

describe('tenantHost', () => {
  it('is the first production environment main deploys, else the last one main deploys', () => {
    const preview = entry('preview', 'preview', { host: 'staging', ttlHours: 72 });
    const branchTenant = entry('acme', 'tenant', { host: 'staging' });
    expect(
      tenantHost([entry('staging', 'staging'), entry('prod', 'production'), entry('dr', 'production')])?.name,
    ).toBe('prod');
    expect(tenantHost([entry('qa', 'staging'), entry('staging', 'staging'), preview, branchTenant])?.name).toBe(
      'staging',
    );
    expect(tenantHost([preview])).toBeUndefined();
  });
});

describe('tenantEntryProblem', () => {
  it("takes a tenant hosted by the tenants' host, nothing else", () => {
    expect(tenantEntryProblem(entry('acme', 'tenant', { host: 'production' }), context)).toBeUndefined();
    expect(tenantEntryProblem(entry('acme', 'production'), context)).toBe("kind must be tenant on a tenant's branch");
    expect(tenantEntryProblem(entry('acme', 'tenant', { host: 'staging' }), context)).toMatch(
      /^host must be production \(/,
    );
    expect(tenantEntryProblem(entry('acme', 'tenant'), context)).toMatch(/^host must be production \(/);
    // Main cannot say which host: any is taken, none is not.
    expect(tenantEntryProblem(entry('acme', 'tenant', { host: 'x' }), { serviceAwsName: 'api' })).toBeUndefined();
    expect(tenantEntryProblem(entry('acme', 'tenant'), { serviceAwsName: 'api' })).toMatch(/^host must name /);
  });
});
