import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { cli, DEMO_EXAMPLE, demoArgs, filesIn, FIXTURES, isExecutable, tempDir } from './helpers.js';

const DEMO_FILES = ['.golden-path.yaml', 'README.md', 'assets/logo.png', 'docs/NOTES.md', 'scripts/run.sh'];

describe('golden-path create', () => {
  it('renders with --values, --set and --yes: every file, the manifest, modes and bytes kept', () => {
    const cwd = tempDir();
    const r = cli(
      demoArgs(
        '--set',
        'database=true',
        '--set',
        'port=9090',
        '--set',
        'limits.cpu=2',
        '--set',
        'limits.memory=512',
        '--yes',
      ),
      { cwd },
    );
    expect(r.stderr).not.toMatch(/error/i);
    expect(r.code).toBe(0);
    const out = join(cwd, 'demo-minimal'); // --output defaults to ./<name>
    expect(filesIn(out)).toEqual([...DEMO_FILES.slice(0, 3), 'db/schema.sql', ...DEMO_FILES.slice(3)]);
    expect(isExecutable(join(out, 'scripts/run.sh'))).toBe(true);
    expect(isExecutable(join(out, 'README.md'))).toBe(false);
    // The binary file is copied byte for byte, never rendered.
    expect(readFileSync(join(out, 'assets/logo.png'))).toEqual(
      readFileSync(join(FIXTURES, 'demo-service/skeleton/assets/logo.png')),
    );
    expect(readFileSync(join(out, 'scripts/run.sh'), 'utf8')).toContain('PORT=9090');
    const manifest = parse(readFileSync(join(out, '.golden-path.yaml'), 'utf8'));
    expect(manifest.template).toEqual({ id: 'demo-service', version: '2.1.0' });
    // --set is typed by the schema: integers and booleans, dotted keys into objects.
    expect(manifest.values).toMatchObject({
      name: 'demo-minimal',
      port: 9090,
      database: true,
      limits: { cpu: 2, memory: 512 },
    });
    expect(Object.keys(manifest.files).sort()).toEqual(
      DEMO_FILES.slice(1, 3)
        .concat('db/schema.sql', ...DEMO_FILES.slice(3))
        .sort(),
    );
    expect(r.stdout).toContain('Created ./demo-minimal from demo-service@2.1.0');
  });

  it('skips the conditional file when its condition is false', () => {
    const cwd = tempDir();
    expect(cli(demoArgs('--output', 'svc'), { cwd }).code).toBe(0);
    expect(filesIn(join(cwd, 'svc'))).toEqual(DEMO_FILES);
  });

  it('fails with exit 2 naming every missing required field, and writes nothing', () => {
    const cwd = tempDir();
    const r = cli(['create', 'demo-service', '--templates', FIXTURES, '--yes', '--output', 'out'], { cwd });
    expect(r.code).toBe(2);
    for (const field of ['name', 'description', 'owner'])
      expect(r.stderr).toMatch(new RegExp(`- ${field}: is required`));
    expect(r.stderr).not.toMatch(/- port:/); // has a default
    expect(readdirSync(cwd)).toEqual([]);
  });

  it('never prompts without a TTY even without --yes', () => {
    const cwd = tempDir();
    const r = cli(['create', 'demo-service', '--templates', FIXTURES, '--set', 'name=abc'], { cwd });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/- description: is required/);
    expect(r.stderr).toMatch(/- owner: is required/);
  });

  it('names the field and the allowed pattern when a value does not match', () => {
    const cwd = tempDir();
    const r = cli(demoArgs('--set', 'name=Not_Valid', '--yes'), { cwd });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('- name: must match ^[a-z][a-z0-9-]{2,31}$ (Lowercase letters, digits and hyphens.)');
    expect(r.stderr).toContain('Nothing was written.');
    expect(readdirSync(cwd)).toEqual([]);
  });

  it('reports bounds, enums and the cross-field rules of the engine, all at once', () => {
    const cwd = tempDir();
    const r = cli(demoArgs('--set', 'port=80', '--set', 'tier=platinum', '--set', 'contact=not-an-email', '--yes'), {
      cwd,
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('- port: must be at least 1024');
    expect(r.stderr).toContain('- tier: must be one of: "bronze", "silver", "gold"');
    expect(r.stderr).toContain('- contact: must be an e-mail address');
  });

  it('refuses an unknown key with exit 2, listing the allowed inputs', () => {
    const cwd = tempDir();
    const r = cli(demoArgs('--set', 'colour=blue', '--yes'), { cwd });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/- colour: is not an input of this golden path; allowed: name, description, owner, tier/);
    expect(readdirSync(cwd)).toEqual([]);
  });

  it('refuses a non-empty --output with exit 2 and leaves it untouched', () => {
    const cwd = tempDir();
    const out = join(cwd, 'existing');
    mkdirSync(out);
    writeFileSync(join(out, 'keep.txt'), 'mine');
    const r = cli(demoArgs('--output', out, '--yes'), { cwd });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`error: ${out}: the target folder already exists and is not an empty folder`);
    expect(filesIn(out)).toEqual(['keep.txt']);
    expect(readFileSync(join(out, 'keep.txt'), 'utf8')).toBe('mine');
    expect(readdirSync(cwd)).toEqual(['existing']); // no temporary folder left behind
  });

  it('writes into an empty --output folder', () => {
    const cwd = tempDir();
    mkdirSync(join(cwd, 'empty'));
    expect(cli(demoArgs('--output', 'empty'), { cwd }).code).toBe(0);
    expect(filesIn(join(cwd, 'empty'))).toEqual(DEMO_FILES);
  });

  it('--dry-run prints the plan (path, size, short hash) and writes nothing', () => {
    const cwd = tempDir();
    const r = cli(demoArgs('--dry-run'), { cwd });
    expect(r.code).toBe(0);
    expect(readdirSync(cwd)).toEqual([]);
    expect(r.stdout).toMatch(/Would write 5 files/);
    expect(r.stdout).toMatch(/^ {2}x +\d+ {2}[0-9a-f]{12} {2}scripts\/run\.sh$/m);
    expect(r.stdout).toMatch(/^ {2}- +27 {2}[0-9a-f]{12} {2}assets\/logo\.png$/m);
    expect(r.stdout).toContain('nothing was written');
  });

  it('--json prints one JSON object: the plan on success, the issues on failure', () => {
    const cwd = tempDir();
    const ok = cli(demoArgs('--json', '--dry-run'), { cwd });
    expect(ok.code).toBe(0);
    const plan = JSON.parse(ok.stdout);
    expect(plan).toMatchObject({ ok: true, dryRun: true, template: { id: 'demo-service', version: '2.1.0' } });
    expect(plan.files.map((f: { path: string }) => f.path)).toEqual(DEMO_FILES);
    expect(plan.files[0].sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(ok.stderr).toBe('');

    const bad = cli(demoArgs('--json', '--set', 'port=abc'), { cwd });
    expect(bad.code).toBe(2);
    expect(JSON.parse(bad.stdout)).toEqual({
      ok: false,
      error: expect.objectContaining({
        kind: 'ValuesError',
        issues: [{ field: 'port', message: 'must be a whole number' }],
      }),
    });
  });

  it('refuses an unknown template with exit 2, listing the available ones', () => {
    const r = cli(['create', 'no-such-path', '--templates', FIXTURES, '--yes'], { cwd: tempDir() });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('unknown golden path "no-such-path"; available: demo-service');
  });

  it("exits 1, not 2, for a broken golden path: the platform's bug, not bad input", () => {
    const templates = join(tempDir(), 'templates');
    cpSync(FIXTURES, templates, { recursive: true });
    writeFileSync(join(templates, 'demo-service/runtime.yaml'), 'prot: 8080\n');
    const cwd = tempDir();
    const r = cli(['create', 'demo-service', '--templates', templates, '--values', DEMO_EXAMPLE, '--yes'], { cwd });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${join(templates, 'demo-service/runtime.yaml')}: prot is not a runtime.yaml key`);
    expect(r.stderr).not.toContain('Nothing was written.'); // said for bad input only
    expect(readdirSync(cwd)).toEqual([]);

    const json = cli(['create', 'demo-service', '--templates', templates, '--values', DEMO_EXAMPLE, '--json'], { cwd });
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout).error.kind).toBe('TemplateError');
  });

  it('never lets the default output ./<name> leave the working folder, even when the name pattern allows it', () => {
    const templates = join(tempDir(), 'templates');
    cpSync(FIXTURES, templates, { recursive: true });
    const file = join(templates, 'demo-service/template.yaml');
    writeFileSync(
      file,
      readFileSync(file, 'utf8').replace("pattern: '^[a-z][a-z0-9-]{2,31}$'", () => "pattern: '^[a-z./]{2,40}$'"),
    );
    const parent = tempDir();
    const cwd = join(parent, 'work');
    mkdirSync(cwd);
    for (const name of ['../escaped', 'nested/service', '..', './.']) {
      const r = cli(
        [
          'create',
          'demo-service',
          '--templates',
          templates,
          '--values',
          DEMO_EXAMPLE,
          '--set',
          `name=${name}`,
          '--yes',
        ],
        {
          cwd,
        },
      );
      expect(r.code, `${name}: ${r.stderr}`).toBe(2);
      // A name of no letters or digits makes no name at all; the others make no folder name.
      expect(r.stderr).toContain(
        /^[./]+$/.test(name) ? 'name: must contain a letter or a digit' : `name: "${name}" is not a plain folder name`,
      );
      expect(readdirSync(parent)).toEqual(['work']);
      expect(readdirSync(cwd)).toEqual([]);
    }
    // An explicit --output is the user's choice, and a plain name still works.
    const plain = cli(
      ['create', 'demo-service', '--templates', templates, '--values', DEMO_EXAMPLE, '--set', 'name=plain', '--yes'],
      {
        cwd,
      },
    );
    expect(plain.code, plain.stderr).toBe(0);
    expect(readdirSync(cwd)).toEqual(['plain']);
  });

  it('refuses unknown flags and a missing values file with exit 2', () => {
    const flag = cli(['create', 'demo-service', '--frobnicate']);
    expect(flag.code).toBe(2);
    expect(flag.stderr).toContain("Unknown option '--frobnicate'");
    const cwd = tempDir();
    const file = cli(['create', 'demo-service', '--templates', FIXTURES, '--values', 'missing.yaml'], { cwd });
    expect(file.code).toBe(2);
    expect(file.stderr).toContain('cannot read values file');
    expect(existsSync(join(cwd, 'demo-minimal'))).toBe(false);
  });

  it('refuses a malformed --set with exit 2', () => {
    const r = cli(demoArgs('--set', 'novalue'), { cwd: tempDir() });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--set "novalue" must be written key=value');
  });
});

describe('golden-path help', () => {
  it.each(['list', 'create', 'test'])('%s --help prints its usage and exits 0', command => {
    const r = cli([command, '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`^Usage: golden-path ${command}`));
  });

  it('prints the commands with --help, and exits 2 on an unknown command', () => {
    expect(cli(['--help']).stdout).toMatch(/Commands:[\s\S]*create <template>/);
    const r = cli(['frobnicate']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('unknown command "frobnicate"');
  });
});
