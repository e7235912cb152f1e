import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { GoldenPathEngine } from './engine.js';
import { GoldenPathError, TargetError, ValuesError } from './errors.js';
import { demoTemplates, DEMO_VALUES } from './testing/fixture.js';
import { HOSTILE_VALUES } from './testing/hostile.js';

const tmp = () => mkdtempSync(join(tmpdir(), 'gp-out-'));

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
    const { values, context } = engine.validate(gp, { ...DEMO_VALUES });
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
    expect(issuesOf(() => engine.validate(gp, {}))).toEqual([
      { field: 'name', message: 'is required (Lowercase letters, digits and hyphens.)' },
      { field: 'owner', message: 'is required' },
    ]);
  });

  it('refuses unknown keys, naming them and what is allowed', () => {
    const [issue] = issuesOf(() => engine.validate(gp, { ...DEMO_VALUES, colour: 'red' }));
    expect(issue).toEqual({
      field: 'colour',
      message:
        'is not an input of this golden path; allowed: name, description, owner, withWorker, apiToken, size, minTasks, maxTasks',
    });
  });

  it('explains a pattern and an enum', () => {
    const issues = issuesOf(() => engine.validate(gp, { ...DEMO_VALUES, name: 'Bad_Name', size: '1-2' }));
    expect(issues).toContainEqual({
      field: 'name',
      message: 'must match ^[a-z][a-z0-9-]{2,31}$ (Lowercase letters, digits and hyphens.)',
    });
    expect(issues).toContainEqual({ field: 'size', message: 'must be one of: "256-512", "512-1024", "512-9999"' });
  });

  it('checks a Fargate size in code even when the schema allows it', () => {
    expect(issuesOf(() => engine.validate(gp, { ...DEMO_VALUES, size: '512-9999' }))).toEqual([
      {
        field: 'size',
        message: '9999 MiB is not valid with 512 CPU units on Fargate; allowed: 1024, 2048, 3072, 4096',
      },
    ]);
  });

  it('checks a cross-field minimum', () => {
    expect(issuesOf(() => engine.validate(gp, { ...DEMO_VALUES, minTasks: 5, maxTasks: 3 }))).toEqual([
      { field: 'maxTasks', message: 'must be at least the value of minTasks' },
    ]);
  });

  it('coerces strings from the command line by type', () => {
    const { values } = engine.validate(gp, { ...DEMO_VALUES, withWorker: 'true', minTasks: '3', maxTasks: '3' });
    expect(values).toMatchObject({ withWorker: true, minTasks: 3 });
  });

  it('does not change the caller’s object', () => {
    const input = { ...DEMO_VALUES };
    engine.validate(gp, input);
    expect(input).toEqual(DEMO_VALUES);
  });
});

describe('plan and write', () => {
  it('renders templated paths, conditional files, binaries and modes', () => {
    const engine = new GoldenPathEngine({ templatesRoot: demoTemplates() });
    const out = join(tmp(), 'svc');
    const plan = engine.render('demo', { ...DEMO_VALUES, apiToken: 's3cr3t' }, out);
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

    const withWorker = engine.plan('demo', { ...DEMO_VALUES, withWorker: true });
    expect(withWorker.files.map(f => f.path)).toContain('worker.py');
  });

  it('leaves out interpreter caches left in a skeleton', () => {
    const root = demoTemplates({ 'demo/skeleton/src/__pycache__/x.cpython-311.pyc': Buffer.from([0, 1]) });
    const plan = new GoldenPathEngine({ templatesRoot: root }).plan('demo', DEMO_VALUES);
    expect(plan.files.map(f => f.path).filter(p => p.includes('__pycache__'))).toEqual([]);
  });

  it('records a manifest without secrets, with a hash per file', () => {
    const engine = new GoldenPathEngine({ templatesRoot: demoTemplates() });
    const plan = engine.plan('demo', { ...DEMO_VALUES, apiToken: 's3cr3t' });
    const text = plan.files.find(f => f.path === '.golden-path.yaml')!.content.toString();
    expect(text).not.toContain('s3cr3t');
    const manifest = parse(text);
    expect(manifest.template).toEqual({ id: 'demo', version: '1.2.3' });
    expect(manifest.parts).toEqual([{ id: 'shared', version: '1.4.0' }]);
    expect(manifest.values.name).toBe('payments-api');
    const readme = plan.files.find(f => f.path === 'README.md')!;
    expect(manifest.files['README.md']).toBe(`sha256:${readme.sha256}`);
  });

  it('renders hostile values into files that still parse to the same value', () => {
    const engine = new GoldenPathEngine({ templatesRoot: demoTemplates() });
    for (const description of HOSTILE_VALUES.filter(v => !v.includes('\u0000') && v.isWellFormed())) {
      const plan = engine.plan('demo', { ...DEMO_VALUES, description });
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
    expect(() => engine.plan('demo', { ...DEMO_VALUES, description: 'x: y' })).toThrow(
      /bad\.yaml\.ejs.*refused "x: y"/s,
    );
    expect(() => engine.plan('demo', { ...DEMO_VALUES, description: 'plain words' })).not.toThrow();
  });

  it.each([
    ['<%= values.description %>', '..'],
    ['<%- values.description %>', 'a/../../escape'],
    ['<%- values.description %>', '/etc'],
  ])('refuses a templated path %s that renders to %s', (segment, description) => {
    const root = demoTemplates({ [`demo/skeleton/${segment}/x.txt`]: 'x' });
    const engine = new GoldenPathEngine({ templatesRoot: root });
    expect(() => engine.plan('demo', { ...DEMO_VALUES, description })).toThrow(GoldenPathError);
  });

  it('refuses symlinks in a skeleton', () => {
    const root = demoTemplates();
    symlinkSync('/etc/passwd', join(root, 'demo/skeleton/passwd'));
    expect(() => new GoldenPathEngine({ templatesRoot: root }).plan('demo', DEMO_VALUES)).toThrow(
      /symlinks are not allowed/,
    );
  });

  it('refuses two sources writing one path', () => {
    const root = demoTemplates({ 'demo/skeleton/infra/main.tf': 'x' });
    expect(() => new GoldenPathEngine({ templatesRoot: root }).plan('demo', DEMO_VALUES)).toThrow(
      /infra\/main\.tf is written by both skeleton and part:shared/,
    );
  });

  it('refuses a part whose version does not satisfy the template', () => {
    const root = demoTemplates({ 'parts/shared/part.yaml': 'id: shared\nversion: 2.0.0\ntarget: infra\n' });
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
    expect(() => engine.render('demo', DEMO_VALUES, out)).toThrow(TargetError);
    expect(readdirSync(out)).toEqual(['keep.txt']);
  });

  it('writes into an existing empty folder', () => {
    const engine = new GoldenPathEngine({ templatesRoot: demoTemplates() });
    const out = tmp();
    engine.render('demo', DEMO_VALUES, out);
    expect(readdirSync(out)).toContain('README.md');
  });

  it('leaves nothing behind when a write fails half way', () => {
    const engine = new GoldenPathEngine({ templatesRoot: demoTemplates() });
    const plan = engine.plan('demo', DEMO_VALUES);
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
    expect(() => engine.render('demo', { name: 'X' }, join(parent, 'svc'))).toThrow(ValuesError);
    expect(readdirSync(parent)).toEqual([]);
  });
});

describe('list', () => {
  it('lists golden paths with their versions and parts', () => {
    const root = demoTemplates();
    mkdirSync(join(root, 'not-a-template'));
    expect(new GoldenPathEngine({ templatesRoot: root }).list()).toEqual([
      {
        id: 'demo',
        title: 'Demo',
        version: '1.2.3',
        description: 'A demo golden path.',
        tags: [],
        parts: [{ id: 'shared', version: '1.4.0' }],
      },
    ]);
    expect(dirname(root)).toBeTruthy();
  });
});

describe('entity references', () => {
  it('keeps kind and namespace only where they are not the defaults', async () => {
    const { parseEntityRef } = await import('./fields.js');
    expect(parseEntityRef('system:default/payments', 'system')).toMatchObject({ short: 'payments', name: 'payments' });
    expect(parseEntityRef('system:team-a/payments', 'system')).toMatchObject({
      short: 'team-a/payments',
      ref: 'system:team-a/payments',
    });
    expect(parseEntityRef('group:payments', 'system')).toMatchObject({ short: 'group:payments' });
    expect(parseEntityRef('Bad Ref!', 'system')).toMatch(/must be an entity reference/);
  });
});
