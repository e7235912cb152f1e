import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { GoldenPathEngine } from './engine.js';
import { GoldenPathError, isUserError, TargetError, TemplateError, ValuesError } from './errors.js';
import { entityRefParts, type FieldDeriver } from './fields.js';
import { demoTemplates, DEMO_PART, DEMO_RUNTIME, DEMO_TEMPLATE, DEMO_VALUES } from './testing/fixture.js';
import { HOSTILE_VALUES } from './testing/hostile.js';
import { textProblem } from './text.js';

const tmp = () => mkdtempSync(join(tmpdir(), 'gp-out-'));
const planOf = (engine: GoldenPathEngine, values: Record<string, unknown>) =>
  engine.plan(engine.prepare(engine.load('demo'), values));
const renderOf = (engine: GoldenPathEngine, values: Record<string, unknown>, target: string) =>
  engine.render(engine.prepare(engine.load('demo'), values), target);

function issuesOf(fn: () => unknown): { field: string; message: string }[] {
  try {
    fn();
  } catch (e) {
    if (e instanceof ValuesError) return e.issues;
    throw e;
  }
  throw new Error('expected a ValuesError');
}

describe('values', () => {
  const engine = new GoldenPathEngine({ templatesRoot: demoTemplates() });
  const gp = engine.load('demo');

  it('applies defaults and computes derived values', () => {
    const { values, context } = engine.prepare(gp, { ...DEMO_VALUES });
    expect(values).toMatchObject({
      description: 'A service.',
      withWorker: false,
      size: '512-1024',
      minTasks: 2,
      maxTasks: 4,
    });
    expect(context.computed).toEqual({
      owner: {
        ref: 'group:default/payments',
        short: 'payments',
        kind: 'group',
        namespace: 'default',
        name: 'payments',
      },
      size: { cpu: 512, memory: 1024, label: '0.5 vCPU, 1 GB' },
    });
    expect(context.names.snake).toBe('payments_api');
  });

  it('names every missing field', () => {
    expect(issuesOf(() => engine.prepare(gp, {}))).toEqual([
      { field: 'name', message: 'is required (Lowercase letters, digits and hyphens.)' },
      { field: 'owner', message: 'is required' },
    ]);
  });

  it('refuses unknown keys, naming them and what is allowed', () => {
    const [issue] = issuesOf(() => engine.prepare(gp, { ...DEMO_VALUES, colour: 'red' }));
    expect(issue).toEqual({
      field: 'colour',
      message:
        'is not an input of this golden path; allowed: name, description, owner, withWorker, apiToken, size, minTasks, maxTasks',
    });
  });

  it('explains a pattern and an enum', () => {
    const issues = issuesOf(() => engine.prepare(gp, { ...DEMO_VALUES, name: 'Bad_Name', size: '1-2' }));
    expect(issues).toContainEqual({
      field: 'name',
      message: 'must match ^[a-z][a-z0-9-]{2,31}$ (Lowercase letters, digits and hyphens.)',
    });
    expect(issues).toContainEqual({ field: 'size', message: 'must be one of: "256-512", "512-1024", "512-9999"' });
  });

  it('checks a Fargate size in code even when the schema allows it', () => {
    expect(issuesOf(() => engine.prepare(gp, { ...DEMO_VALUES, size: '512-9999' }))).toEqual([
      {
        field: 'size',
        message: '9999 MiB is not valid with 512 CPU units on Fargate; allowed: 1024, 2048, 3072, 4096',
      },
    ]);
  });

  it('checks a cross-field minimum', () => {
    expect(issuesOf(() => engine.prepare(gp, { ...DEMO_VALUES, minTasks: 5, maxTasks: 3 }))).toEqual([
      { field: 'maxTasks', message: 'must be at least the value of minTasks' },
    ]);
  });

  it('takes types as given, as the API does: a string is not a number or a boolean', () => {
    expect(issuesOf(() => engine.prepare(gp, { ...DEMO_VALUES, withWorker: 'true', minTasks: '3' }))).toEqual([
      { field: 'withWorker', message: 'must be boolean' },
      { field: 'minTasks', message: 'must be a whole number' },
    ]);
  });

  it('does not change the caller’s object', () => {
    const input = { ...DEMO_VALUES };
    engine.prepare(gp, input);
    expect(input).toEqual(DEMO_VALUES);
  });
});

describe('plan and write', () => {
  it('renders templated paths, conditional files, binaries and modes', () => {
    const engine = new GoldenPathEngine({ templatesRoot: demoTemplates() });
    const out = join(tmp(), 'svc');
    const plan = renderOf(engine, { ...DEMO_VALUES, apiToken: 's3cr3t' }, out);
    expect(plan.files.map(f => f.path)).toEqual([
      '.golden-path.yaml',
      'README.md',
      'config.yaml',
      'infra/main.tf',
      'logo.png',
      'run.sh',
      'src/payments_api/__init__.py',
    ]);
    expect(readFileSync(join(out, 'logo.png'))).toEqual(
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0xff, 0x3c, 0x25, 0x3d]),
    );
    expect(statSync(join(out, 'run.sh')).mode & 0o777).toBe(0o755);
    expect(statSync(out).mode & 0o777).toBe(0o777 & ~process.umask());
    expect(existsSync(join(out, 'worker.py'))).toBe(false);
    expect(readFileSync(join(out, 'infra/main.tf'), 'utf8')).toContain('part = "1.4.0"');
    expect(parse(readFileSync(join(out, 'config.yaml'), 'utf8'))).toMatchObject({
      owner: 'group:default/payments',
      cpu: 512,
    });

    const withWorker = planOf(engine, { ...DEMO_VALUES, withWorker: true });
    expect(withWorker.files.map(f => f.path)).toContain('worker.py');
  });

  it('leaves out interpreter caches left in a skeleton', () => {
    const root = demoTemplates({ 'demo/skeleton/src/__pycache__/x.cpython-311.pyc': Buffer.from([0, 1]) });
    const plan = planOf(new GoldenPathEngine({ templatesRoot: root }), DEMO_VALUES);
    expect(plan.files.map(f => f.path).filter(p => p.includes('__pycache__'))).toEqual([]);
  });

  it('records a manifest without secrets, with a class and a hash per file', () => {
    const engine = new GoldenPathEngine({ templatesRoot: demoTemplates() });
    const plan = planOf(engine, { ...DEMO_VALUES, apiToken: 's3cr3t' });
    const text = plan.files.find(f => f.path === '.golden-path.yaml')!.content.toString();
    expect(text).not.toContain('s3cr3t');
    const manifest = parse(text);
    expect(manifest.template).toEqual({ id: 'demo', version: '1.2.3' });
    expect(manifest.parts).toEqual([{ id: 'shared', version: '1.4.0' }]);
    expect(manifest.values.name).toBe('payments-api');
    const readme = plan.files.find(f => f.path === 'README.md')!;
    expect(manifest.files['README.md']).toEqual({ class: 'merged', sha256: readme.sha256 });
    expect(manifest.files['infra/main.tf'].class).toBe('managed');
  });

  it('renders hostile values into files that still parse to the same value', () => {
    const engine = new GoldenPathEngine({ templatesRoot: demoTemplates() });
    for (const description of HOSTILE_VALUES.filter(v => !textProblem(v, 'single-line'))) {
      const plan = planOf(engine, { ...DEMO_VALUES, description });
      const config = parse(plan.files.find(f => f.path === 'config.yaml')!.content.toString());
      expect(config.description).toBe(description);
      expect(
        plan.files
          .find(f => f.path === 'README.md')!
          .content.toString()
          .split('\n').length,
      ).toBe(4);
    }
  });

  it('refuses to print free text without an escaper', () => {
    const root = demoTemplates({ 'demo/skeleton/bad.yaml.ejs': 'description: <%= values.description %>\n' });
    const engine = new GoldenPathEngine({ templatesRoot: root });
    expect(() => planOf(engine, { ...DEMO_VALUES, description: 'x: y' })).toThrow(/bad\.yaml\.ejs.*refused "x: y"/s);
    expect(() => planOf(engine, { ...DEMO_VALUES, description: 'plain words' })).not.toThrow();
  });

  it.each([
    ['<%= values.description %>', '..'],
    ['<%- values.description %>', 'a/../../escape'],
    ['<%- values.description %>', '/etc'],
  ])('refuses a templated path %s that renders to %s', (segment, description) => {
    const root = demoTemplates({ [`demo/skeleton/${segment}/x.txt`]: 'x' });
    const engine = new GoldenPathEngine({ templatesRoot: root });
    expect(() => planOf(engine, { ...DEMO_VALUES, description })).toThrow(GoldenPathError);
  });

  it('refuses symlinks in a skeleton', () => {
    const root = demoTemplates();
    symlinkSync('/etc/passwd', join(root, 'demo/skeleton/passwd'));
    expect(() => planOf(new GoldenPathEngine({ templatesRoot: root }), DEMO_VALUES)).toThrow(
      /symlinks are not allowed/,
    );
  });

  it('refuses two sources writing one path', () => {
    const root = demoTemplates({ 'demo/skeleton/infra/main.tf': 'x' });
    expect(() => planOf(new GoldenPathEngine({ templatesRoot: root }), DEMO_VALUES)).toThrow(
      /infra\/main\.tf is written by both skeleton and part:shared/,
    );
  });

  it('refuses a part whose version does not satisfy the template', () => {
    const root = demoTemplates({ 'parts/shared/part.yaml': DEMO_PART.replace('version: 1.4.0', 'version: 2.0.0') });
    expect(() => new GoldenPathEngine({ templatesRoot: root }).load('demo')).toThrow(
      /needs part shared@\^1.0.0.*2.0.0/,
    );
  });

  it('loads only the version asked for', () => {
    const engine = new GoldenPathEngine({ templatesRoot: demoTemplates() });
    expect(engine.load('demo', '^1.2.0').version).toBe('1.2.3');
    expect(() => engine.load('demo', '2.0.0')).toThrow(/at version 1.2.3; version 2.0.0 is not available/);
    expect(() => engine.load('nope')).toThrow(/not found; available: demo/);
    for (const id of ['nope', '../demo', 'parts']) {
      expect(() => engine.load(id)).toThrow(
        expect.objectContaining({ name: 'UnknownGoldenPathError', id, available: ['demo'] }),
      );
    }
  });

  it('writes nothing when the target is not empty', () => {
    const engine = new GoldenPathEngine({ templatesRoot: demoTemplates() });
    const out = tmp();
    writeFileSync(join(out, 'keep.txt'), 'mine');
    expect(() => renderOf(engine, DEMO_VALUES, out)).toThrow(TargetError);
    expect(readdirSync(out)).toEqual(['keep.txt']);
  });

  it('writes into an existing empty folder', () => {
    const engine = new GoldenPathEngine({ templatesRoot: demoTemplates() });
    const out = tmp();
    renderOf(engine, DEMO_VALUES, out);
    expect(readdirSync(out)).toContain('README.md');
  });

  it('leaves nothing behind when a write fails half way', () => {
    const engine = new GoldenPathEngine({ templatesRoot: demoTemplates() });
    const plan = planOf(engine, DEMO_VALUES);
    // A file and a folder of the same name: the second write fails after others succeeded.
    const broken = { ...plan, files: [...plan.files, { ...plan.files[1]!, path: 'README.md/inside' }] };
    const parent = tmp();
    const out = join(parent, 'svc');
    expect(() => engine.write(broken, out)).toThrow();
    expect(readdirSync(parent)).toEqual([]);
  });

  it('writes bad values nowhere', () => {
    const engine = new GoldenPathEngine({ templatesRoot: demoTemplates() });
    const parent = tmp();
    expect(() => renderOf(engine, { name: 'X' }, join(parent, 'svc'))).toThrow(ValuesError);
    expect(readdirSync(parent)).toEqual([]);
  });
});

describe('list', () => {
  it('lists golden paths with their versions and parts, in id order, and nothing else', () => {
    const root = demoTemplates({
      'another/template.yaml': DEMO_TEMPLATE.replace('name: demo', 'name: another').replace(
        'title: Demo',
        'title: Another',
      ),
    });
    mkdirSync(join(root, 'not-a-template'));
    const listed = new GoldenPathEngine({ templatesRoot: root }).list();
    expect(listed.map(gp => gp.id)).toEqual(['another', 'demo']);
    expect(new GoldenPathEngine({ templatesRoot: root }).ids()).toEqual(['another', 'demo']);
    expect(listed[1]).toEqual({
      id: 'demo',
      title: 'Demo',
      version: '1.2.3',
      description: 'A demo golden path.',
      tags: [],
      parts: [{ id: 'shared', version: '1.4.0' }],
    });
  });
});

describe('entity references', () => {
  it('keeps kind and namespace only where they are not the defaults', () => {
    expect(entityRefParts('system:default/payments', 'system')).toMatchObject({ short: 'payments', name: 'payments' });
    expect(entityRefParts('system:team-a/payments', 'system')).toMatchObject({
      short: 'team-a/payments',
      ref: 'system:team-a/payments',
    });
    expect(entityRefParts('Group:payments', 'system')).toMatchObject({ short: 'group:payments', kind: 'group' });
  });

  it("uses the catalog's own parser without loading all of @backstage/catalog-model", () => {
    expect(entityRefParts('payments', 'group')).toMatchObject({ ref: 'group:default/payments' });
    const loaded = Object.keys(createRequire(import.meta.url).cache).filter(f =>
      f.includes('@backstage/catalog-model'),
    );
    expect(loaded.some(f => f.endsWith('entity/ref.cjs.js'))).toBe(true);
    expect(loaded.some(f => f.endsWith('index.cjs.js'))).toBe(false); // its index costs ~0.3 s of CPU a start
  });

  it.each(['Bad Ref!', '', 'group:', 'group:Team-A/payments', 'a/b/c', `${'x'.repeat(64)}`, 'group:default/-x'])(
    'refuses %j as the catalog does',
    ref => {
      expect(entityRefParts(ref, 'group')).toMatch(/must be an entity reference/);
    },
  );
});

describe('one error family', () => {
  it("tells the user's mistakes from the platform's bugs", () => {
    const root = demoTemplates();
    const engine = new GoldenPathEngine({ templatesRoot: root });
    const caught = (fn: () => unknown) => {
      try {
        fn();
      } catch (e) {
        return e;
      }
      throw new Error('expected an error');
    };
    const user = [
      caught(() => engine.load('nope')),
      caught(() => engine.load('demo', '^2.0.0')),
      caught(() => engine.prepare(engine.load('demo'), { name: 'X' })),
      caught(() => engine.write(planOf(engine, DEMO_VALUES), root)),
    ];
    expect(user.map(e => (e as Error).name)).toEqual([
      'UnknownGoldenPathError',
      'UnknownGoldenPathError',
      'ValuesError',
      'TargetError',
    ]);
    for (const e of user) {
      expect(e).toBeInstanceOf(GoldenPathError);
      expect(isUserError(e)).toBe(true);
      expect((e as Error).message).not.toContain(root); // no server path in what the user is told
    }
    symlinkSync('/etc/passwd', join(root, 'demo/skeleton/passwd'));
    const bug = caught(() => planOf(engine, DEMO_VALUES));
    expect(bug).toBeInstanceOf(TemplateError);
    expect(bug).toBeInstanceOf(GoldenPathError);
    expect(isUserError(bug)).toBe(false);
    expect(isUserError(new Error('x'))).toBe(false);
  });

  it('says which version was asked for and which there is', () => {
    const engine = new GoldenPathEngine({ templatesRoot: demoTemplates() });
    expect(() => engine.load('demo', '^2.0.0')).toThrow(
      expect.objectContaining({ id: 'demo', version: { wanted: '^2.0.0', available: '1.2.3' } }),
    );
  });
});

describe('prepare once, plan from it', () => {
  it('plans only what this engine prepared, from values that cannot change after validation', () => {
    const engine = new GoldenPathEngine({ templatesRoot: demoTemplates() });
    const prepared = engine.prepare(engine.load('demo'), { ...DEMO_VALUES });
    expect(() => ((prepared.values as Record<string, unknown>).name = '../../x')).toThrow(TypeError);
    expect(engine.plan(prepared).values.name).toBe('payments-api');
    const forged = { ...prepared, values: { ...prepared.values, name: 'Not Valid' } };
    expect(() => engine.plan(forged)).toThrow(/plan takes what this engine's prepare returned/);
    const other = new GoldenPathEngine({ templatesRoot: demoTemplates() });
    expect(() => other.plan(prepared)).toThrow(/prepare returned/);
  });
});

describe('one validation of a field', () => {
  const engine = new GoldenPathEngine({ templatesRoot: demoTemplates() });
  const gp = engine.load('demo');

  it('answers with the message full validation gives', () => {
    const cases: [string, unknown][] = [
      ['name', 'Bad_Name'],
      ['name', undefined],
      ['owner', 'Bad Ref!'],
      ['size', '512-9999'],
      ['size', '1-2'],
      ['minTasks', 0],
      ['minTasks', 1.5],
      ['withWorker', 'perhaps'],
    ];
    for (const [field, value] of cases) {
      const input: Record<string, unknown> = { ...DEMO_VALUES, [field]: value };
      if (value === undefined) delete input[field];
      const full = issuesOf(() => engine.prepare(gp, input)).filter(i => i.field === field);
      expect(full.length, `${field}=${String(value)}`).toBeGreaterThan(0);
      expect(engine.fieldProblem(gp, field, value)).toBe(full.map(i => i.message).join('; '));
    }
  });

  it('accepts valid values and optional fields left out', () => {
    expect(engine.fieldProblem(gp, 'name', 'payments-api')).toBeUndefined();
    expect(engine.fieldProblem(gp, 'owner', 'group:default/payments')).toBeUndefined();
    expect(engine.fieldProblem(gp, 'size', '256-512')).toBeUndefined();
    expect(engine.fieldProblem(gp, 'apiToken', undefined)).toBeUndefined();
    expect(engine.fieldProblem(gp, 'minTasks', 3)).toBeUndefined();
    expect(engine.fieldProblem(gp, 'minTasks', '3')).toBe('must be a whole number');
  });

  it('names the fields there are for a field there is not', () => {
    expect(engine.fieldProblem(gp, 'colour', 'red')).toMatch(/is not an input of this golden path; allowed: name,/);
  });

  it('names the fields a nested object allows, not the top-level inputs', () => {
    const root = demoTemplates({
      'demo/template.yaml': DEMO_TEMPLATE.replace(
        '        withWorker:',
        [
          '        limits:',
          '          type: object',
          '          additionalProperties: false',
          '          properties:',
          '            cpu: { type: integer, minimum: 1 }',
          '            memory: { type: integer }',
          '        withWorker:',
        ].join('\n'),
      ),
    });
    const nestedEngine = new GoldenPathEngine({ templatesRoot: root });
    const withLimits = nestedEngine.load('demo');
    const limits = { cpu: 0, disk: 3 };
    expect(issuesOf(() => nestedEngine.prepare(withLimits, { ...DEMO_VALUES, limits }))).toEqual([
      { field: 'limits.disk', message: 'is not a field of limits; allowed: cpu, memory' },
      { field: 'limits.cpu', message: 'must be at least 1' },
    ]);
    expect(nestedEngine.fieldProblem(withLimits, 'limits', limits)).toBe(
      'limits.disk: is not a field of limits; allowed: cpu, memory; limits.cpu: must be at least 1',
    );
  });

  it('words bounds, whole numbers and e-mail addresses for people', () => {
    expect(engine.fieldProblem(gp, 'minTasks', 0)).toBe('must be at least 1');
    expect(engine.fieldProblem(gp, 'minTasks', 1.5)).toBe('must be a whole number');
  });
});

describe('derivers', () => {
  const picker = (): FieldDeriver => v =>
    /^#[0-9a-f]{6}$/.test(String(v))
      ? { value: { hex: String(v).slice(1) } }
      : { problem: 'must be a colour like #a1b2c3' };
  const root = () =>
    demoTemplates({
      'demo/template.yaml': DEMO_TEMPLATE.replace(
        '        withWorker:',
        '        colour:\n          type: string\n          ui:field: ColourPicker\n        withWorker:',
      ),
    });

  it('computes values for a registered form picker and refuses what it refuses', () => {
    const engine = new GoldenPathEngine({ templatesRoot: root() });
    engine.registerDeriver('ColourPicker', picker());
    const gp = engine.load('demo');
    expect(engine.prepare(gp, { ...DEMO_VALUES, colour: '#a1b2c3' }).context.computed.colour).toEqual({
      hex: 'a1b2c3',
    });
    expect(issuesOf(() => engine.prepare(gp, { ...DEMO_VALUES, colour: 'red' }))).toEqual([
      { field: 'colour', message: 'must be a colour like #a1b2c3' },
    ]);
    expect(engine.fieldProblem(gp, 'colour', 'red')).toBe('must be a colour like #a1b2c3');
  });

  it('takes derivers as an option, keeps the built-in ones, and refuses a second one for a ui:field', () => {
    const engine = new GoldenPathEngine({ templatesRoot: root(), derivers: { ColourPicker: picker() } });
    const { computed } = engine.prepare(engine.load('demo'), { ...DEMO_VALUES, colour: '#000000' }).context;
    expect(Object.keys(computed).sort()).toEqual(['colour', 'owner', 'size']);
    expect(() => engine.registerDeriver('ColourPicker', picker())).toThrow(/registered already/);
    expect(() => engine.registerDeriver('OwnerPicker', picker())).toThrow(/registered already/);
  });

  it('without a deriver, a ui:field computes nothing', () => {
    const engine = new GoldenPathEngine({ templatesRoot: root() });
    const { computed } = engine.prepare(engine.load('demo'), { ...DEMO_VALUES, colour: 'red' }).context;
    expect(computed).not.toHaveProperty('colour');
  });
});

describe('runtime.yaml', () => {
  it('is typed and checked when the golden path loads, naming the file and the key', () => {
    const ok = demoTemplates({
      'demo/runtime.yaml': `${DEMO_RUNTIME}serviceTest:\n  command: [pytest]\n  env: { PYTHONDONTWRITEBYTECODE: "1" }\n`,
    });
    expect(new GoldenPathEngine({ templatesRoot: ok }).load('demo').runtime).toMatchObject({
      port: 8000,
      serviceTest: { command: ['pytest'], env: { PYTHONDONTWRITEBYTECODE: '1' } },
    });
    for (const [text, problem] of [
      ['prot: 8000\n', /runtime\.yaml: prot is not a runtime\.yaml key/],
      ['port: eighty\n', /runtime\.yaml: port must be integer/],
      ['serviceTest: { env: { A: "1" } }\n', /runtime\.yaml: serviceTest\.command is required/],
      ['serviceTest: { command: [x], env: { A: 1 } }\n', /runtime\.yaml: serviceTest\.env\.A must be string/],
    ] as const) {
      const root = demoTemplates({ 'demo/runtime.yaml': text });
      expect(() => new GoldenPathEngine({ templatesRoot: root }).load('demo'), text).toThrow(
        expect.objectContaining({ name: 'TemplateError', message: expect.stringMatching(problem) }),
      );
    }
  });
});
