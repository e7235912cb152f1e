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
  const tenant = (more: Partial<EnvironmentEntry> = {}) =>
    entry('acme', 'tenant', { owner: 'group:default/acme-ops', monthlyCostCap: 1500, host: 'production', ...more });

  it("takes a tenant hosted by the tenants' host, nothing else", () => {
    expect(tenantEntryProblem(tenant(), context)).toBeUndefined();
    expect(tenantEntryProblem(tenant({ kind: 'production' }), context)).toBe(
      "kind must be tenant on a tenant's branch",
    );
    expect(tenantEntryProblem(tenant({ host: 'staging' }), context)).toMatch(/^host must be production \(/);
    expect(tenantEntryProblem(tenant({ host: undefined }), context)).toMatch(/^host must be production \(/);
    // Main cannot say which host: any is taken, none is not.
    expect(tenantEntryProblem(tenant({ host: 'x' }), { serviceAwsName: 'api' })).toBeUndefined();
    expect(tenantEntryProblem(tenant({ host: undefined }), { serviceAwsName: 'api' })).toMatch(/^host must name /);
  });

  it('takes the cost caps the tenant workflow passes on: 1 to 9999999 dollars and cents', () => {
    for (const cap of [1, 1.5, 250.25, 9_999_999.99])
      expect(tenantEntryProblem(tenant({ monthlyCostCap: cap }), context), String(cap)).toBeUndefined();
    for (const cap of [0.5, 1.255, 10_000_000, undefined])
      expect(tenantEntryProblem(tenant({ monthlyCostCap: cap }), context), String(cap)).toMatch(
        /^monthlyCostCap .* must be 1 to 9999999 US dollars/,
      );
  });
});
