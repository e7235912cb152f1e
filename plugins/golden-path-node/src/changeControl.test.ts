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
    });
  });
});
