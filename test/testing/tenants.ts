import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { git as ownerGit } from '../../plugins/golden-path-upgrade/src/testing/repos.ts';

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
  const git = (...args: string[]) => ownerGit(work, ...args);
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
