import { describe, expect, it } from 'vitest';
import { GoldenPathEngine } from './engine.js';
import { TemplateError } from './errors.js';
import { DEMO_TEMPLATE, demoTemplates } from './testing/fixture.js';

/** The demo's steps as one golden path writes them in place. */
const INLINE_STEPS = `  steps:
    - id: render
      action: golden-path:render
      input:
        template: demo
        values: \${{ parameters }}
    - id: publish
      action: golden-path:publish
      input:
        gitCommitMessage: Create \${{ parameters.name }} from the demo golden path
`;
/** The same steps shared: templates/steps/service.yaml with the id as a value. */
const SHARED_STEPS = `with: [template]
steps:
  - id: render
    action: golden-path:render
    input:
      template: $(template)
      values: \${{ parameters }}
  - id: publish
    action: golden-path:publish
    input:
      gitCommitMessage: Create \${{ parameters.name }} from the $(template) golden path
`;

const engineWith = (placeholder: string, steps = SHARED_STEPS, extra: Record<string, string> = {}) =>
  new GoldenPathEngine({
    templatesRoot: demoTemplates({
      'demo/template.yaml': DEMO_TEMPLATE.replace(
        '  steps: []\n',
        `  steps:\n    $golden-path-steps: ${placeholder}\n`,
      ),
      'steps/service.yaml': steps,
      ...extra,
    }),
  });

describe('shared steps ($golden-path-steps)', () => {
  it('compose into the same entity as the steps written in place, with the golden path id substituted', () => {
    const inline = new GoldenPathEngine({
      templatesRoot: demoTemplates({ 'demo/template.yaml': DEMO_TEMPLATE.replace('  steps: []\n', INLINE_STEPS) }),
    }).load('demo');
    const gp = engineWith('{ name: service, template: demo }').load('demo');
    expect(gp.entity).toEqual(inline.entity);
    const steps = (gp.entity.spec as { steps: { input: Record<string, string> }[] }).steps;
    expect(steps[0]!.input.template).toBe('demo');
    expect(steps[1]!.input.gitCommitMessage).toBe('Create ${{ parameters.name }} from the demo golden path');
  });

  it("refuses another golden path's id: its render step would render the other one", () => {
    expect(() => engineWith('{ name: service, template: other }').load('demo')).toThrow(
      /template "other" must be this golden path's id, "demo"/,
    );
  });

  it('a missing, extra or unsafe value, or a $(name) the file does not take, is the platform bug, named', () => {
    const cases: [string, string, RegExp][] = [
      ['{ name: service }', SHARED_STEPS, /service needs template \(it takes template\)/],
      ['{ name: service, template: demo, team: x }', SHARED_STEPS, /service takes no team \(it takes template\)/],
      ['{ name: services, template: demo }', SHARED_STEPS, /services not found/],
      ["{ name: '../demo/template', template: demo }", SHARED_STEPS, /is not the name of a file in templates\/steps/],
      ['service', SHARED_STEPS, /needs a mapping/],
      [
        '{ name: service, template: demo }',
        SHARED_STEPS.replace('$(template) golden', '$(team) golden'),
        /\$\(team\) is not one of its with: values/,
      ],
      ['{ name: service, template: demo }', 'with: [template]\nsteps: {}\n', /needs steps/],
      [
        '{ name: service, template: demo }',
        SHARED_STEPS.replace('with: [template]', 'with: template'),
        /with must be a list/,
      ],
    ];
    for (const [placeholder, steps, message] of cases) {
      const load = () => engineWith(placeholder, steps).load('demo');
      expect(load, placeholder).toThrow(TemplateError);
      expect(load, placeholder).toThrow(message);
    }
  });

  it('a value is an id: no scaffolder expression can be passed in', () => {
    const steps = SHARED_STEPS.replace('with: [template]', 'with: [template, team]');
    expect(() => engineWith("{ name: service, template: demo, team: '${{ secrets.x }}' }", steps).load('demo')).toThrow(
      /team "\$\{\{ secrets.x \}\}" must be lower-case letters and digits joined by '-'/,
    );
  });

  it('templates/steps is not a golden path', () => {
    const engine = engineWith('{ name: service, template: demo }', SHARED_STEPS, {
      'steps/template.yaml': DEMO_TEMPLATE,
    });
    expect(engine.ids()).toEqual(['demo']);
    expect(() => engine.load('steps')).toThrow(/steps/);
  });
});
