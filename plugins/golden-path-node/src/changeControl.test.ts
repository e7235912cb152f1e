import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { changeControl } from './changeControl.js';

function repo(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'gp-cc-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

const CI = `
on: [pull_request, push]
jobs:
  test:
    name: Unit tests
    runs-on: ubuntu-24.04
  lint:
    runs-on: ubuntu-24.04
  build:
    name: Build
    uses: ./.github/workflows/build.yml
  deploy-qa:
    if: github.ref == 'refs/heads/main'
    environment: qa
    runs-on: ubuntu-24.04
  deploy-production:
    if: github.ref == 'refs/heads/main'
    environment: { name: production, url: https://example.com }
    runs-on: ubuntu-24.04
`;
const BUILD = `
on: workflow_call
jobs:
  image:
    name: Image
    runs-on: ubuntu-24.04
  push:
    if: inputs.publish
    runs-on: ubuntu-24.04
`;

describe('changeControl', () => {
  it('requires every unconditional job, by the name GitHub gives its check, called workflows included', () => {
    const cc = changeControl(repo({ '.github/workflows/ci.yml': CI, '.github/workflows/build.yml': BUILD }), 'team-a');
    expect(cc.branchProtection).toEqual({
      branch: 'main',
      requiredStatusChecks: ['Unit tests', 'lint', 'Build / Image'],
      strict: true,
    });
  });

  it('creates the environments the pipeline deploys to, from the default branch; production reviewed by the owner', () => {
    const cc = changeControl(repo({ '.github/workflows/ci.yml': CI, '.github/workflows/build.yml': BUILD }), 'team-a');
    expect(cc.environments).toEqual([
      {
        name: 'production',
        deploymentBranches: ['main'],
        reviewers: ['group:default/team-a'],
        preventSelfReview: true,
      },
      { name: 'qa', deploymentBranches: ['main'], reviewers: [], preventSelfReview: false },
    ]);
  });

  it('reviews the environments of kind production in infra/environments.yaml, whatever their names', () => {
    const ENVIRONMENTS = `environments:
  - { name: qa, kind: production }
  - { name: production, kind: tenant }
`;
    const cc = changeControl(
      repo({
        '.github/workflows/ci.yml': CI,
        '.github/workflows/build.yml': BUILD,
        'infra/environments.yaml': ENVIRONMENTS,
      }),
      'team-a',
    );
    expect(cc.environments.map(e => [e.name, e.reviewers, e.preventSelfReview])).toEqual([
      ['production', [], false],
      ['qa', ['group:default/team-a'], true],
    ]);
  });

  it("has an entry's approvers (GitHub teams or users) review it instead, whatever its kind", () => {
    const ENVIRONMENTS = `environments:
  - { name: qa, kind: staging, approvers: [octocat] }
  - { name: production, kind: production, approvers: [acme-fintech/payments-leads, octocat] }
`;
    const cc = changeControl(
      repo({
        '.github/workflows/ci.yml': CI,
        '.github/workflows/build.yml': BUILD,
        'infra/environments.yaml': ENVIRONMENTS,
      }),
      'team-a',
    );
    expect(cc.environments.map(e => [e.name, e.reviewers, e.preventSelfReview])).toEqual([
      ['production', ['acme-fintech/payments-leads', 'octocat'], true],
      ['qa', ['octocat'], true],
    ]);
  });

  it("adds the tenant workflow's environments: applies from tenants/* branches, destroys from main, both reviewed", () => {
    const TENANT = `
on: { push: { branches: ['tenants/**'] }, delete: null }
jobs:
  validate: { runs-on: ubuntu-24.04 }
  deploy: { environment: tenant, runs-on: ubuntu-24.04 }
  destroy: { environment: tenant-destroy, runs-on: ubuntu-24.04 }
`;
    const files = { '.github/workflows/ci.yml': CI, '.github/workflows/build.yml': BUILD };
    const cc = changeControl(repo({ ...files, '.github/workflows/tenant.yml': TENANT }), 'team-a');
    expect(cc.environments.slice(2)).toEqual([
      {
        name: 'tenant',
        deploymentBranches: ['tenants/*'],
        reviewers: ['group:default/team-a'],
        preventSelfReview: true,
      },
      {
        name: 'tenant-destroy',
        deploymentBranches: ['main'],
        reviewers: ['group:default/team-a'],
        preventSelfReview: true,
      },
    ]);
    // Its checks are not the pull request's: they never run there.
    expect(cc.branchProtection.requiredStatusChecks).toEqual(['Unit tests', 'lint', 'Build / Image']);
    const odd = TENANT.replace('environment: tenant-destroy', 'environment: production');
    expect(() => changeControl(repo({ ...files, '.github/workflows/tenant.yml': odd }), 'team-a')).toThrow(
      /tenant.yml: environment production is not one of tenant, tenant-destroy/,
    );
  });

  describe('pull request previews (an entry of kind preview)', () => {
    const WITH_PREVIEW = `${CI}  preview:
    if: github.event_name == 'pull_request'
    environment: { name: preview, url: 'https://x' }
    runs-on: ubuntu-24.04
`;
    const PREVIEW = `
on: { pull_request: { types: [closed] }, schedule: [{ cron: '17 * * * *' }] }
jobs:
  closed: { runs-on: ubuntu-24.04 }
  expired: { environment: preview-sweep, runs-on: ubuntu-24.04 }
  destroy: { environment: preview-sweep, runs-on: ubuntu-24.04 }
`;
    const data = (approvers: string[]) => `environments:
  - { name: qa, kind: staging }
  - { name: production, kind: production }
  - { name: pr, kind: preview, host: qa, approvers: ${JSON.stringify(approvers)} }
`;
    const files = (approvers: string[]) => ({
      '.github/workflows/ci.yml': WITH_PREVIEW,
      '.github/workflows/build.yml': BUILD,
      '.github/workflows/preview.yml': PREVIEW,
      'infra/environments.yaml': data(approvers),
    });

    it('adds `preview` from any branch and `preview-sweep` from main, both unreviewed without approvers; no check required', () => {
      const cc = changeControl(repo(files([])), 'team-a');
      expect(cc.environments.map(e => [e.name, e.deploymentBranches, e.reviewers, e.preventSelfReview])).toEqual([
        ['production', ['main'], ['group:default/team-a'], true],
        ['qa', ['main'], [], false],
        ['preview', ['**/*'], [], false],
        ['preview-sweep', ['main'], [], false],
      ]);
      expect(cc.branchProtection.requiredStatusChecks).toEqual(['Unit tests', 'lint', 'Build / Image']);
    });

    it("has the entry's approvers review each preview deploy, never the sweep's destroys (main only)", () => {
      const cc = changeControl(repo(files(['acme-fintech/payments-leads', 'octocat'])), 'team-a');
      expect(cc.environments.filter(e => e.name.startsWith('preview'))).toEqual([
        {
          name: 'preview',
          deploymentBranches: ['**/*'],
          reviewers: ['acme-fintech/payments-leads', 'octocat'],
          preventSelfReview: true,
        },
        { name: 'preview-sweep', deploymentBranches: ['main'], reviewers: [], preventSelfReview: false },
      ]);
      // The default branch is the repository's.
      const trunk = changeControl(repo(files([])), 'team-a', 'trunk');
      expect(trunk.environments.find(e => e.name === 'preview-sweep')?.deploymentBranches).toEqual(['trunk']);
    });

    it('grants the owning team write and every other reviewer read, each GitHub team or user once', () => {
      const data = `environments:
  - { name: qa, kind: staging, approvers: [Octocat, acme-fintech/team-a] }
  - { name: production, kind: production, approvers: [acme-fintech/payments-leads, octocat] }
  - { name: pr, kind: preview, host: qa, approvers: [acme-fintech/payments-leads, hubot] }
`;
      const cc = changeControl(repo({ ...files([]), 'infra/environments.yaml': data }), 'team-a');
      // acme-fintech/team-a is the owning team (a read grant after its write would take the write away);
      // GitHub logins ignore case.
      expect(cc.access).toEqual([
        { reviewer: 'group:default/team-a', permission: 'push' },
        { reviewer: 'acme-fintech/payments-leads', permission: 'pull' },
        { reviewer: 'octocat', permission: 'pull' },
        { reviewer: 'hubot', permission: 'pull' },
      ]);
    });

    it('keeps an environment named preview that the data does not list as previews a main-only one', () => {
      const cc = changeControl(repo({ ...files([]), 'infra/environments.yaml': 'environments: []\n' }), 'team-a');
      expect(cc.environments.find(e => e.name === 'preview')?.deploymentBranches).toEqual(['main']);
    });

    it('refuses a preview job or workflow that names another environment', () => {
      const workflow = (from: string, to: string) => ({
        ...files([]),
        '.github/workflows/preview.yml': PREVIEW.replace(from, to),
      });
      expect(() =>
        changeControl(
          repo(workflow('destroy: { environment: preview-sweep', 'destroy: { environment: production')),
          'team-a',
        ),
      ).toThrow(/preview.yml: a preview job's environment production is not preview-sweep/);
      // A pull request's own workflow never gets the reviewed environment's role unreviewed, nor the reverse.
      expect(() =>
        changeControl(repo(workflow('closed: { runs-on', 'closed: { environment: preview, runs-on')), 'team-a'),
      ).toThrow(/preview.yml: a preview job's environment preview is not preview-sweep/);
      const job = { ...files([]), '.github/workflows/ci.yml': WITH_PREVIEW.replace('name: preview,', 'name: qa,') };
      expect(() => changeControl(repo(job), 'team-a')).toThrow(/ci.yml: a preview job's environment qa is not preview/);
      const sweep = {
        ...files([]),
        '.github/workflows/ci.yml': WITH_PREVIEW.replace('name: preview,', 'name: preview-sweep,'),
      };
      expect(() => changeControl(repo(sweep), 'team-a')).toThrow(
        /ci.yml: a preview job's environment preview-sweep is not preview/,
      );
    });
  });

  it('refuses a pipeline calling a workflow the repository lacks, and an owner that is not a Group', () => {
    expect(() => changeControl(repo({ '.github/workflows/ci.yml': CI }), 'team-a')).toThrow(
      /job build calls .\/.github\/workflows\/build.yml, which the repository lacks/,
    );
    const dir = repo({ '.github/workflows/ci.yml': CI, '.github/workflows/build.yml': BUILD });
    expect(() => changeControl(dir, 'user:default/ada')).toThrow(/not a Group/);
  });

  it('a repository without a pipeline gets no required checks and no environments', () => {
    expect(changeControl(repo({ 'README.md': 'hi' }), 'team-a')).toEqual({
      branchProtection: { branch: 'main', requiredStatusChecks: [], strict: true },
      environments: [],
      oidcSubjectClaims: ['repo', 'context', 'job_workflow_ref'],
      // CODEOWNERS still names the owning team, which must write to own code.
      access: [{ reviewer: 'group:default/team-a', permission: 'push' }],
    });
  });
});
