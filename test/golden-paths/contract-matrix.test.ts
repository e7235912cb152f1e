/**
 * The parts' contract holds for every runtime under every option of the shared form (issue 12):
 * each golden path is planned in memory (no validators, no disk) for every exposure, data
 * classification and task size, and each plan must hold every file a part requires or provides, from
 * the right source, with the options and the runtime's container data reaching the parts' output.
 * Also: what each part's templates read is what its part.yaml declares, no more.
 */
import { GoldenPathEngine, type GoldenPath, type RenderPlan } from '@golden-path/engine';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const TEMPLATES = join(import.meta.dirname, '..', '..', 'templates');
const engine = new GoldenPathEngine({ templatesRoot: TEMPLATES });

/** The values of the shared options, read from the shared form itself (templates/parameters). */
function options(gp: GoldenPath, field: string): string[] {
  const values = gp.parameters.properties[field]?.enum as string[] | undefined;
  if (!values?.length) throw new Error(`${gp.id}: the form has no choices for ${field}`);
  return values;
}

/**
 * Plans covering every option: one per task size, exposure and classification cycling alongside
 * (9 sizes cover all 2 x 3 exposure/classification pairs), the optional extra alarm topic on and off.
 * Each starts from an example of the same exposure, which holds the fields that exposure asks for.
 */
function matrix(gp: GoldenPath): Record<string, unknown>[] {
  const examples = readdirSync(gp.examplesDir)
    .filter(f => /\.ya?ml$/.test(f))
    .sort((a, b) => Number(a === 'hostile.yaml') - Number(b === 'hostile.yaml') || a.localeCompare(b))
    .map(f => parse(readFileSync(join(gp.examplesDir, f), 'utf8')) as Record<string, unknown>);
  const exposures = options(gp, 'loadBalancerScheme');
  const classes = options(gp, 'dataClassification');
  const sizes = options(gp, 'fargateSize');
  const exposureOf = (values: Record<string, unknown>) =>
    values.loadBalancerScheme ?? gp.parameters.properties.loadBalancerScheme?.default;
  const baseFor = (exposure: string) => {
    const example = examples.find(e => exposureOf(e) === exposure);
    if (!example) throw new Error(`${gp.id}: no example is ${exposure}; the matrix starts from one per exposure`);
    const { alarmSnsTopicArn: _, ...rest } = example;
    return rest;
  };
  return Array.from({ length: Math.max(sizes.length, exposures.length * classes.length) }, (_v, i) => ({
    ...baseFor(exposures[i % exposures.length]!),
    fargateSize: sizes[i % sizes.length],
    loadBalancerScheme: exposures[i % exposures.length],
    dataClassification: classes[i % classes.length],
    ...(i % 2 ? { alarmSnsTopicArn: 'arn:aws:sns:eu-west-1:123456789012:paging' } : {}),
  }));
}

const text = (plan: RenderPlan, path: string) => plan.files.find(f => f.path === path)?.content.toString('utf8') ?? '';

/** Each golden path, or why it does not load (its own test fails; the others still run). */
const loaded = engine.ids().map(id => {
  try {
    return { id, gp: engine.load(id) };
  } catch (error) {
    return { id, error };
  }
});

it.each(loaded)('$id loads: its runtime fulfils every part it composes', ({ error }) => {
  if (error) throw error;
});

const cases = loaded.flatMap(({ id, gp }) => (gp ? matrix(gp).map(values => ({ id, values })) : []));

describe.each(cases)(
  '$id: $values.loadBalancerScheme, $values.dataClassification, $values.fargateSize',
  ({ id, values }) => {
    it("holds the parts' contract", () => {
      const gp = engine.load(id);
      const plan = engine.plan(engine.prepare(gp, values));
      const source = new Map(plan.files.map(f => [f.path, f.source]));
      const providers = new Map(gp.parts.flatMap(p => p.contract.provides.files.map(f => [f, `part:${p.id}`])));
      for (const part of gp.parts) {
        for (const file of part.contract.provides.files) expect(source.get(file), file).toBe(`part:${part.id}`);
        for (const file of part.contract.requires.files) {
          expect(source.get(file), `${part.id} requires ${file}`).toBe(providers.get(file) ?? 'skeleton');
        }
      }
      // What a part renders never shows a value that was missing.
      for (const f of plan.files.filter(f => f.source.startsWith('part:'))) {
        expect(f.content.toString('utf8'), f.path).not.toMatch(/\bundefined\b|\[object Object\]|\bNaN\b/);
      }

      // The options and the runtime's container data reach the ECS module.
      const size = plan.manifest.values.fargateSize as string;
      const [cpu, memory] = size.split('-');
      const container = gp.runtime!.container!;
      const esc = (m: Record<string, string> | undefined) =>
        Object.keys(m ?? {}).length
          ? `{ ${Object.entries(m!)
              .map(([k, v]) => `${k} = ${JSON.stringify(v)}`)
              .join(', ')} }`
          : '{}';
      // One root for every environment; each environment's task size is data beside it.
      const main = text(plan, 'infra/environment/main.tf');
      expect(main).toContain(`load_balancer_scheme = "${values.loadBalancerScheme}"`);
      expect(main).toContain(`data_classification       = "${values.dataClassification}"`);
      expect(main).toContain(`container_environment = ${esc(container.environment)}`);
      expect(main).toContain(`container_secrets     = ${esc(container.secrets)}`);
      expect(main).toContain(`container_parameters  = ${esc(container.parameters)}`);
      expect(main.includes('extra_alarm_topic_arns')).toBe(Boolean(values.alarmSnsTopicArn));
      const environments = parse(text(plan, 'infra/environments.yaml')) as {
        environments: { name: string; cpu: number; memory: number }[];
      };
      // The form's default (staging, production), or the example's own list (a preview entry last).
      const names = (values.environments as { name: string }[] | undefined)?.map(e => e.name) ?? [
        'staging',
        'production',
      ];
      expect(environments.environments.map(e => [e.name, e.cpu, e.memory])).toEqual(
        names.map(name => [name, Number(cpu), Number(memory)]),
      );
    });
  },
);

/** `values.x`, `computed.x` and `runtime.x` a part's templates read, by kind. */
function readsOf(dir: string): Record<'values' | 'computed' | 'runtime', Set<string>> {
  const reads = { values: new Set<string>(), computed: new Set<string>(), runtime: new Set<string>() };
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    // Paths may be templated as well as contents; only .ejs contents are rendered.
    const rendered = `${relative(dir, path)}\n${entry.name.endsWith('.ejs') ? readFileSync(path, 'utf8') : ''}`;
    for (const m of rendered.matchAll(/<%[-=_]?([\s\S]*?)%>/g)) {
      for (const r of m[1]!.matchAll(/\b(values|computed|runtime)\.([A-Za-z]+)/g)) {
        reads[r[1] as keyof typeof reads].add(r[2]!);
      }
    }
  }
  return reads;
}

describe('each part reads what its contract declares', () => {
  const parts = readdirSync(join(TEMPLATES, 'parts'));
  it.each(parts)('%s', id => {
    const gp = engine.load('python-django-service');
    const part = gp.parts.find(p => p.id === id);
    if (!part) throw new Error(`${gp.id} does not compose part ${id}`);
    const reads = readsOf(part.skeletonDir);
    const { requires } = part.contract;
    // The name field is every golden path's (names.*): declared by the template, not by parts.
    expect([...reads.values].filter(v => v !== gp.nameField).sort()).toEqual([...requires.values].sort());
    expect([...reads.computed].sort()).toEqual([...requires.computed].sort());
    expect([...reads.runtime].sort()).toEqual([...requires.runtime].sort());
  });
});

describe("docs/authoring.md's contract table says what each part.yaml declares", () => {
  const doc = readFileSync(join(TEMPLATES, '..', 'docs', 'authoring.md'), 'utf8');
  const gp = engine.load('python-django-service');
  it.each(gp.parts.map(p => [p.id, p] as const))('%s', (id, part) => {
    const row = doc.split('\n').find(l => l.startsWith(`| \`${id}\``));
    if (!row) throw new Error(`docs/authoring.md has no row for part ${id}`);
    const cells = row.split('|').map(c => c.trim());
    const named = (cell: string | undefined) => new Set([...(cell ?? '').matchAll(/`([^`]+)`/g)].map(m => m[1]));
    const { requires } = part.contract;
    expect(named(cells[2])).toEqual(new Set(requires.values));
    expect(named(cells[3])).toEqual(new Set(requires.computed));
    expect(named(cells[4])).toEqual(new Set(requires.runtime));
    const files = named(cells[5]);
    for (const f of requires.files)
      expect(files.has(f) || (f.startsWith('docs/runbooks/') && files.has('docs/runbooks/*.md')), f).toBe(true);
  });
});

describe('a runtime that lacks what the real parts require is refused at load, named', () => {
  /** A copy of templates/ with `change` applied to python-django-service. */
  function copyWith(change: (gp: string) => void): GoldenPathEngine {
    const root = mkdtempSync(join(tmpdir(), 'gp-contract-'));
    cpSync(TEMPLATES, root, { recursive: true });
    change(join(root, 'python-django-service'));
    return new GoldenPathEngine({ templatesRoot: root });
  }

  it.each([
    ['.github/actions/lint-test/action.yml', 'github-pipeline'],
    ['.github/actions/dependency-audit/action.yml', 'github-pipeline'],
    ['.github/container/smoke.env', 'container-hardening'],
    ['.github/container/slim-include.txt', 'container-hardening'],
  ])('without %s', (file, part) => {
    const engine = copyWith(gp => rmSync(join(gp, 'skeleton', file)));
    expect(() => engine.load('python-django-service')).toThrow(
      `part ${part} requires the file ${file}, which the runtime's skeleton does not provide`,
    );
  });

  it('without the Dockerfile, or runtime.yaml container', () => {
    const noDockerfile = copyWith(gp => rmSync(join(gp, 'skeleton', 'Dockerfile.ejs')));
    expect(() => noDockerfile.load('python-django-service')).toThrow(/requires the file Dockerfile,/);
    const noContainer = copyWith(gp => {
      const file = join(gp, 'runtime.yaml');
      writeFileSync(file, readFileSync(file, 'utf8').replace(/\ncontainer:\n(?: {2}.*\n)+/, '\n'));
    });
    expect(() => noContainer.load('python-django-service')).toThrow(
      'part ecs-fargate requires runtime.yaml key container, which is missing',
    );
  });
});
