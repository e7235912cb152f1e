import { describe, expect, it } from 'vitest';
import { GoldenPathEngine } from './engine.js';
import { TemplateError, ValuesError } from './errors.js';
import { DEMO_PART, DEMO_RUNTIME, DEMO_TEMPLATE, demoTemplates } from './testing/fixture.js';

/** The demo's part with a contract; `extra` replaces or adds templates files. */
function engineWith(contract: string, extra: Record<string, string> = {}) {
  return new GoldenPathEngine({
    templatesRoot: demoTemplates({ 'parts/shared/part.yaml': `${DEMO_PART}${contract}`, ...extra }),
  });
}

const REQUIRES_RUN_SH = `requires:
  values: [name, description]
  computed: [owner, size]
  runtime: [port]
  files: [run.sh, README.md]
provides:
  files: [infra/main.tf]
`;

describe("the parts' contract, checked when a golden path loads", () => {
  it('holds for a runtime that gives the part everything it requires', () => {
    const engine = engineWith(REQUIRES_RUN_SH);
    const gp = engine.load('demo');
    expect(gp.parts[0]!.contract.requires.files).toEqual(['run.sh', 'README.md']);
    expect(engine.plan(engine.prepare(gp, { name: 'svc', owner: 'payments' })).files.length).toBeGreaterThan(0);
  });

  it('refuses a runtime missing a required file, naming the part and the file', () => {
    const engine = engineWith(
      REQUIRES_RUN_SH.replace('files: [run.sh, README.md]', 'files: [run.sh, .github/actions/lint-test/action.yml]'),
    );
    expect(() => engine.load('demo')).toThrow(TemplateError);
    expect(() => engine.load('demo')).toThrow(
      "part shared requires the file .github/actions/lint-test/action.yml, which the runtime's skeleton does not provide",
    );
    expect(() => engine.list()).toThrow(/lint-test/);
  });

  it('names every missing field, derived value and runtime.yaml key at once', () => {
    const engine = engineWith(
      REQUIRES_RUN_SH.replace('values: [name, description]', 'values: [name, alarmEmail]')
        .replace('computed: [owner, size]', 'computed: [owner, description]')
        .replace('runtime: [port]', 'runtime: [port, healthPath]'),
    );
    let message = '';
    try {
      engine.load('demo');
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toContain('part shared requires the field alarmEmail, which the form lacks');
    expect(message).toContain(
      'part shared requires computed.description, but the field has no ui:field with a deriver',
    );
    expect(message).toContain('part shared requires runtime.yaml key healthPath, which is missing');
  });

  it('a file another part provides satisfies the requirement; a provided file must exist', () => {
    const other = `id: other\nversion: 1.0.0\nfiles:\n  merged: ['**']\nrequires:\n  files: [infra/main.tf]\n`;
    const template = (parts: string) => ({
      'demo/template.yaml': DEMO_TEMPLATE.replace('shared@^1.0.0', parts),
    });
    const withOther = engineWith(REQUIRES_RUN_SH, {
      ...template('shared@^1.0.0, other@^1.0.0'),
      'parts/other/part.yaml': other,
    });
    expect(withOther.load('demo').parts.map(p => p.id)).toEqual(['shared', 'other']);
    const lying = engineWith(REQUIRES_RUN_SH.replace('files: [infra/main.tf]', 'files: [infra/outputs.tf]'), {
      ...template('shared@^1.0.0, other@^1.0.0'),
      'parts/other/part.yaml': other,
    });
    expect(() => lying.load('demo')).toThrow(
      /part shared provides infra\/outputs.tf but its skeleton has no such file/,
    );
    expect(() => lying.load('demo')).toThrow(/part other requires the file infra\/main.tf/);
  });

  it('a file the skeleton has only under a condition does not satisfy a requirement', () => {
    const engine = engineWith(REQUIRES_RUN_SH.replace('files: [run.sh, README.md]', 'files: [worker.py]'), {
      "demo/skeleton/<%= values.withWorker ? 'worker.py' : '' %>.ejs": 'print("worker")\n',
    });
    // The skeleton has worker.py only when withWorker is true: a render without it would break the part.
    expect(() => engine.load('demo')).toThrow(/requires the file worker.py/);
  });

  it('refuses a malformed contract, naming the file and key', () => {
    expect(() => engineWith('requires:\n  files: [../etc/passwd]\n').load('demo')).toThrow(
      /part\.yaml: requires\.files\.0/,
    );
    expect(() => engineWith('requires:\n  env: [X]\n').load('demo')).toThrow(
      /part\.yaml: requires must NOT have additional/,
    );
  });
});

describe('runtime.yaml container: environment and secrets as data', () => {
  const runtime = (container: string) =>
    new GoldenPathEngine({
      templatesRoot: demoTemplates({ 'demo/runtime.yaml': `${DEMO_RUNTIME}container:\n${container}` }),
    });

  it('is read as given', () => {
    const gp = runtime(
      '  environment: { ALLOWED_HOSTS: "{hostNames}" }\n  secrets: { SECRET_KEY: secret-key }\n  parameters: { API_KEY: /platform/api-key }\n',
    ).load('demo');
    expect(gp.runtime?.container).toEqual({
      environment: { ALLOWED_HOSTS: '{hostNames}' },
      secrets: { SECRET_KEY: 'secret-key' },
      parameters: { API_KEY: '/platform/api-key' },
    });
  });

  it('refuses a variable set twice, a bad name or a bad source', () => {
    expect(() => runtime('  environment: { KEY: a }\n  secrets: { KEY: key }\n').load('demo')).toThrow(
      /container variables given more than once \(environment, secrets, parameters\): KEY/,
    );
    expect(() => runtime('  environment: { lower: a }\n').load('demo')).toThrow(/container\.environment/);
    expect(() => runtime('  secrets: { KEY: ../other }\n').load('demo')).toThrow(/container\.secrets\.KEY/);
    expect(() => runtime('  parameters: { KEY: relative }\n').load('demo')).toThrow(/container\.parameters\.KEY/);
  });
});

describe("values that need the runtime's own code (requires.runtimeSupport, runtime.yaml supports)", () => {
  const NEEDS_SUPPORT = 'requires:\n  runtimeSupport:\n    size: [256-512]\n';
  const values = { name: 'svc', owner: 'payments' };

  it('are refused, naming the field, unless the runtime says it implements them', () => {
    const engine = engineWith(NEEDS_SUPPORT);
    const gp = engine.load('demo');
    expect(() => engine.prepare(gp, { ...values, size: '256-512' })).toThrow(ValuesError);
    expect(() => engine.prepare(gp, { ...values, size: '256-512' })).toThrow(
      /size: "256-512" is not implemented by this golden path's runtime/,
    );
    expect(engine.fieldProblem(gp, 'size', '256-512')).toMatch(/is not implemented by this golden path's runtime/);
    expect(engine.prepare(gp, { ...values, size: '512-1024' }).values.size).toBe('512-1024');
    expect(engine.fieldProblem(gp, 'size', '512-1024')).toBeUndefined();
  });

  it('are accepted from a runtime that supports them', () => {
    const engine = engineWith(NEEDS_SUPPORT, { 'demo/runtime.yaml': `${DEMO_RUNTIME}supports:\n  size: [256-512]\n` });
    const gp = engine.load('demo');
    expect(engine.prepare(gp, { ...values, size: '256-512' }).values.size).toBe('256-512');
    expect(engine.fieldProblem(gp, 'size', '256-512')).toBeUndefined();
  });

  it('name a form field', () => {
    expect(() => engineWith('requires:\n  runtimeSupport:\n    auth: [jwt]\n').load('demo')).toThrow(
      'part shared requires the field auth, which the form lacks',
    );
    const engine = engineWith('', { 'demo/runtime.yaml': `${DEMO_RUNTIME}supports:\n  auth: [jwt]\n` });
    expect(() => engine.load('demo')).toThrow('runtime.yaml supports auth, which the form lacks');
  });
});
