import { describe, expect, it } from 'vitest';
import { GoldenPathEngine } from './engine.js';
import { fileClassifier, globToRegExp } from './file-classes.js';
import { demoTemplates, DEMO_PART, DEMO_RUNTIME, DEMO_VALUES } from './testing/fixture.js';

describe('globToRegExp', () => {
  it.each([
    ['**', ['a', '.github/workflows/ci.yml'], []],
    ['modules/**', ['modules/a.tf', 'modules/x/y.tf'], ['modules', 'envs/modules/a.tf']],
    ['**/*.md', ['README.md', 'docs/runbooks/x.md'], ['README.mdx']],
    ['*.py', ['manage.py'], ['app/manage.py']],
    ['<%= names.snake %>/api/**', ['<%= names.snake %>/api/urls.py'], ['other/api/urls.py']],
    ['.github/actions/?/x', ['.github/actions/a/x'], ['.github/actions/ab/x', '.githubXactions/a/x']],
  ])('%s', (glob, yes, no) => {
    const re = globToRegExp(glob);
    for (const p of yes) expect(re.test(p), p).toBe(true);
    for (const p of no) expect(re.test(p), p).toBe(false);
  });
});

describe('fileClassifier', () => {
  it('gives each path its one class', () => {
    const c = fileClassifier({ managed: ['modules/**'], merged: ['README.md'], seeded: ['src/**'] }, 'part.yaml');
    expect(['modules/a.tf', 'README.md', 'src/app.py'].map(p => c.classOf(p))).toEqual(['managed', 'merged', 'seeded']);
  });

  it('refuses a path with no class, with two classes, an unknown class and a missing declaration', () => {
    const c = fileClassifier({ managed: ['**/*.tf'], merged: ['modules/**'] }, 'part.yaml');
    expect(() => c.classOf('README.md')).toThrow(/part\.yaml: README\.md matches no glob/);
    expect(() => c.classOf('modules/a.tf')).toThrow(
      /modules\/a\.tf has more than one class \(managed "\*\*\/\*\.tf", merged "modules\/\*\*"\)/,
    );
    expect(() => fileClassifier({ owned: ['**'] }, 'part.yaml')).toThrow(/files\.owned is not a file class/);
    expect(() => fileClassifier({ managed: 'x' }, 'part.yaml')).toThrow(/files\.managed must be a list of globs/);
    expect(() => fileClassifier(undefined, 'runtime.yaml').classOf('a')).toThrow(
      /runtime\.yaml: declares no file classes/,
    );
  });
});

describe('file classes in a render', () => {
  it('every planned file carries its class, from runtime.yaml for the skeleton and part.yaml for a part', () => {
    const engine = new GoldenPathEngine({ templatesRoot: demoTemplates() });
    const plan = engine.plan(engine.prepare(engine.load('demo'), { ...DEMO_VALUES, withWorker: true }));
    expect(Object.fromEntries(plan.files.map(f => [f.path, f.class]))).toEqual({
      '.golden-path.yaml': 'managed',
      'README.md': 'merged',
      'config.yaml': 'merged',
      'infra/main.tf': 'managed',
      'logo.png': 'merged',
      'run.sh': 'merged',
      'src/payments_api/__init__.py': 'seeded',
      'worker.py': 'seeded',
    });
  });

  it('an unclassified file is a TemplateError, even one this render leaves out', () => {
    const unclassified = DEMO_RUNTIME.replace(`, "<%= values.withWorker ? 'worker.py' : '' %>"`, '');
    const engine = new GoldenPathEngine({ templatesRoot: demoTemplates({ 'demo/runtime.yaml': unclassified }) });
    expect(() => engine.plan(engine.prepare(engine.load('demo'), DEMO_VALUES))).toThrow(
      expect.objectContaining({ name: 'TemplateError', message: expect.stringMatching(/worker\.py.*matches no glob/) }),
    );
    const part = DEMO_PART.replace(/files:[\s\S]*/, '');
    const noPartClasses = new GoldenPathEngine({ templatesRoot: demoTemplates({ 'parts/shared/part.yaml': part }) });
    expect(() => noPartClasses.plan(noPartClasses.prepare(noPartClasses.load('demo'), DEMO_VALUES))).toThrow(
      /part\.yaml: declares no file classes/,
    );
  });
});
