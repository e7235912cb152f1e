/**
 * The tenant workflow's script (.github/scripts/tenant-name.sh, github-pipeline part) and the
 * catalog's reading of tenant branches (@golden-path/common's tenantNameProblem, through
 * readRepositoryEnvironments) hold the same rules twice, in bash and in TypeScript: here both judge
 * one table of names, and the catalog's context (the service's AWS name from the Component's name,
 * the tenants' host from main's infra/environments.yaml) is what the rendered tenant.yml gives the
 * script. A branch the portal lists as a tenant is one the workflow deploys, and the reverse.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import {
  parseEnvironmentsFile,
  RESERVED_TENANT_NAMES,
  tenantHost,
  tenantNameMax,
  tenantNameProblem,
} from '@golden-path/common';
import { GoldenPathEngine, nameVariants } from '@golden-path/engine';
import { readRepositoryEnvironments } from '@golden-path/node';
import { parse, stringify } from 'yaml';
import { exampleValues } from '../testing/examples.js';

const run = promisify(execFile);
const REPO = join(import.meta.dirname, '..', '..');
const engine = new GoldenPathEngine({ templatesRoot: join(REPO, 'templates') });
const SCRIPT = '.github/scripts/tenant-name.sh';

const dir = mkdtempSync(join(tmpdir(), 'gp-tenant-agreement-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Each golden path's example, planned: the files the catalog and the workflow read. */
function planned(id: string) {
  const plan = engine.plan(engine.prepare(engine.load(id), exampleValues(engine, id)));
  const text = (path: string) => plan.files.find(f => f.path === path)!.content.toString('utf8');
  return { plan, text };
}

/**
 * What the script says of the branch tenants/<name>: accepted or refused, and why; deleted (the name
 * alone), or pushed with the branch's infra/environments.yaml at `file`.
 */
async function script(
  path: string,
  service: string,
  host: string,
  name: string,
  file?: string,
): Promise<string | undefined> {
  try {
    await run('bash', ['--noprofile', '--norc', path, service, host, `tenants/${name}`, ...(file ? [file] : [])], {
      env: { PATH: process.env.PATH },
    });
    return undefined;
  } catch (e) {
    const error = e as { code?: number; stderr?: string };
    expect(error.code, `tenants/${name}: ${error.stderr}`).toBe(1);
    return error.stderr!.replace(/^::error::/, '').trim();
  }
}

describe.each(['python-django-service', 'node-typescript-service', 'go-service'])(
  '%s: tenant-name.sh and tenantNameProblem',
  id => {
    const { plan, text } = planned(id);
    const workflow = parse(text('.github/workflows/tenant.yml')) as { env: { SERVICE: string; TENANT_HOST: string } };
    const { SERVICE: service, TENANT_HOST: host } = workflow.env;

    it("are given the same service and host: the catalog's from the Component's name and main's environments", () => {
      const component = parse(text('catalog-info.yaml')) as { metadata: { name: string } };
      expect(nameVariants(component.metadata.name).aws).toBe(service);
      const environments = parseEnvironmentsFile(parse(text('infra/environments.yaml')));
      expect(environments.problems).toEqual([]);
      expect(tenantHost(environments.environments)?.name).toBe(host);
    });

    const path = join(dir, id, SCRIPT);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, plan.files.find(f => f.path === SCRIPT)!.content);

    it('accept and refuse the same names, for the same reasons', async () => {
      const longest = tenantNameMax(service);
      const names = [
        'acme-bank',
        'a',
        'pr-team',
        'pr',
        'pr-',
        'pr-12a',
        'x-pr-12',
        'pr-12',
        'pr-1',
        'pr-0042',
        ...RESERVED_TENANT_NAMES, // each of common's must be the script's too
        'tenants',
        host,
        `${host}-2`,
        `t${'x'.repeat(longest - 1)}`,
        `t${'x'.repeat(longest)}`,
        'x'.repeat(80),
        'Acme',
        'a--b',
        'a-',
        '-x',
        '1bank',
        'a_b',
        'a b',
        '../x',
        '',
        '${{ github.token }}',
      ];
      const context = { serviceAwsName: service, tenantHost: host };
      const verdicts = await Promise.all(names.map(name => script(path, service, host, name)));
      for (const [i, name] of names.entries())
        expect([name, tenantNameProblem(name, context)]).toEqual([name, verdicts[i]]);
      // The table has both answers, and every rule's refusal.
      expect(verdicts.filter(v => v === undefined).length).toBeGreaterThan(5);
      for (const rule of ['must be lowercase', 'fit in the stack name', 'names a branch', "pull request's preview"])
        expect(
          verdicts.some(v => v?.includes(rule)),
          rule,
        ).toBe(true);
    });

    // The entry's rules do not depend on the golden path (one part renders the script): one is enough.
    it.runIf(id === 'go-service')("accept and refuse the same entries on a tenant's branch", async () => {
      const main = (parse(text('infra/environments.yaml')) as { environments: Record<string, unknown>[] }).environments;
      // As docs/pipeline.md has owners write it: the host's entry, renamed, of kind tenant, with owner, cap and host.
      const base = { ...main.find(e => e.name === host)!, kind: 'tenant', owner: 'group:default/acme-ops' };
      const entries: Record<string, unknown>[] = [
        { monthlyCostCap: 1500, host },
        { monthlyCostCap: 1.5, host },
        { monthlyCostCap: 9_999_999.99, host },
        { monthlyCostCap: 1500, host: main.find(e => e.name !== host)!.name },
        { monthlyCostCap: 1500 },
        { monthlyCostCap: 1500, host, kind: 'production' },
        { monthlyCostCap: 1500, host, owner: 'user:default/ada' },
        { monthlyCostCap: 1500, host, owner: undefined }, // yq reads a missing key as null, not a group
        { monthlyCostCap: 1500, host, owner: 12345 }, // a number, which the catalog does not read as a group
        { monthlyCostCap: '1500', host }, // text, not the number the catalog requires
        // Lines that would read as the other fields if the script read line by line.
        { monthlyCostCap: 'none', host, owner: `group:default/acme-ops\n1500\n${host}\nstring\nnumber` },
        { monthlyCostCap: 1500, host, owner: { name: 'acme-ops' } },
        { monthlyCostCap: 0.5, host },
        { monthlyCostCap: 1.255, host },
        { monthlyCostCap: 10_000_000, host },
        { host },
      ];
      const branchFile = (entry: Record<string, unknown>, times = 1) =>
        stringify({ environments: [...main, ...Array<unknown>(times).fill({ ...base, name: 'acme', ...entry })] });
      const cases = [...entries.map(e => branchFile(e)), branchFile(entries[0]!, 2)];
      const verdicts = await Promise.all(
        cases.map(async (content, i) => {
          const file = join(dir, id, `environments-${i}.yaml`);
          writeFileSync(file, content);
          const bash = await script(path, service, host, 'acme', file);
          const files: Record<string, string> = { main: stringify({ environments: main }), acme: content };
          const catalog = await readRepositoryEnvironments(
            async commit => Buffer.from(files[commit]!),
            { main: 'main', tenants: [{ branch: 'tenants/acme', commit: 'acme' }] },
            service,
          );
          return {
            content,
            script: bash === undefined,
            catalog: catalog.problems.length === 0,
            why: [bash, ...catalog.problems],
          };
        }),
      );
      for (const v of verdicts) expect(v.catalog, `${v.content}\n${v.why.join('; ')}`).toBe(v.script);
      expect(verdicts.map(v => v.script)).toEqual([true, true, true, ...Array<boolean>(cases.length - 3).fill(false)]);
    });
  },
);
