import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { GoldenPathEngine } from '@golden-path/engine';
import { upgrade, type UpgradeResult } from './upgrade.js';
import { cloneFixture, git, ownersCommit, releaseCopy } from './testing/repos.js';

const work = mkdtempSync(join(tmpdir(), 'golden-path-environments-migration-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const HOSTS = 'allowed_hosts = []';
const OWN_HOSTS = 'allowed_hosts = ["payments.acme-fintech.example"]';

/**
 * Environments became data in python-django-service 2.1.0 (migrations/2.1.0.yaml): a service
 * created with infra/envs/{staging,production} keeps both environments, in infra/environments.yaml,
 * and its owners' edits to production's root follow it to the one root, infra/environment.
 */
describe('upgrade of a service with infra/envs/staging and infra/envs/production to environments as data', () => {
  let repo: string;
  let result: UpgradeResult;
  const show = (path: string) => git(repo, 'show', `${result.branch}:${path}`);

  beforeAll(async () => {
    repo = cloneFixture(join(work, 'payments-api'));
    ownersCommit(repo, {
      'infra/envs/production/main.tf': old => {
        if (!old.includes(HOSTS)) throw new Error(`the fixture's production root lacks ${HOSTS}`);
        return old.replace(HOSTS, OWN_HOSTS);
      },
    });
    const engine = new GoldenPathEngine({ templatesRoot: releaseCopy(join(work, 'templates'), '2.1.0') });
    result = await upgrade({ engine, dir: repo });
  }, 120_000);

  it('keeps staging and production, in that order, in infra/environments.yaml', () => {
    const data = parse(show('infra/environments.yaml')) as { environments: { name: string; kind: string }[] };
    expect(data.environments.map(e => [e.name, e.kind])).toEqual([
      ['staging', 'staging'],
      ['production', 'production'],
    ]);
  });

  it("carries the owners' edit of production's root into the one root", () => {
    expect(show('infra/environment/main.tf')).toContain(OWN_HOSTS);
    expect(show('infra/environment/main.tf')).toContain('environment               = local.stack');
  });

  it('leaves no per-environment root behind', () => {
    expect(git(repo, 'ls-tree', '-r', '--name-only', result.branch, 'infra/')).not.toMatch(/^infra\/envs\//m);
  });
});
