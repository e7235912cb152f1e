import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';

/** A tenant as its owners add it to the branch's infra/environments.yaml. */
export interface TenantEntry {
  name: string;
  owner: string;
  monthlyCostCap: number;
}

/**
 * Adds a tenant the way a service's owners do (the golden path's docs/pipeline.md): a branch
 * `tenants/<name>` from main whose infra/environments.yaml has one entry more, a copy of the host
 * environment's (the first of kind production) renamed, of kind tenant, with its owner, cost cap and
 * host; pushed to the bare repository. Returns the branch's commit.
 */
export function pushTenantBranch(gitDir: string, tenant: TenantEntry): string {
  const work = mkdtempSync(join(tmpdir(), 'gp-tenant-'));
  const env = {
    ...process.env,
    GIT_CONFIG_GLOBAL: '/dev/null',
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_AUTHOR_NAME: 'Service Owner',
    GIT_AUTHOR_EMAIL: 'owner@example.com',
    GIT_COMMITTER_NAME: 'Service Owner',
    GIT_COMMITTER_EMAIL: 'owner@example.com',
  };
  const git = (...args: string[]) => execFileSync('git', args, { cwd: work, env, encoding: 'utf8' }).trim();
  try {
    git('clone', '--quiet', '--branch', 'main', gitDir, '.');
    git('checkout', '--quiet', '-b', `tenants/${tenant.name}`);
    const file = join(work, 'infra', 'environments.yaml');
    const data = parse(readFileSync(file, 'utf8')) as { environments: Record<string, unknown>[] };
    const host = data.environments.find(e => e.kind === 'production') ?? data.environments.at(-1)!;
    data.environments.push({ ...host, ...tenant, kind: 'tenant', host: host.name });
    writeFileSync(file, stringify(data));
    git('commit', '--quiet', '-am', `Tenant ${tenant.name}`);
    git('push', '--quiet', 'origin', `tenants/${tenant.name}`);
    return git('rev-parse', 'HEAD');
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
