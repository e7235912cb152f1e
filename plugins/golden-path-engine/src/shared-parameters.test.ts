import { describe, expect, it } from 'vitest';
import { GoldenPathEngine } from './engine.js';
import { TemplateError } from './errors.js';
import { DEMO_TEMPLATE, demoTemplates } from './testing/fixture.js';

/** The demo's "Size" step moved to templates/parameters/size.yaml and composed back. */
const SIZE_STEP = DEMO_TEMPLATE.slice(DEMO_TEMPLATE.indexOf('    - title: Size'), DEMO_TEMPLATE.indexOf('  steps:'));
const composed = (placeholder: string, extra: Record<string, string> = {}) =>
  new GoldenPathEngine({
    templatesRoot: demoTemplates({
      'demo/template.yaml': DEMO_TEMPLATE.replace(SIZE_STEP, `    - ${placeholder}\n`),
      'parameters/size.yaml': SIZE_STEP.replace('    - ', '      ').replace(/^ {6}/gm, ''),
      ...extra,
    }),
  });

describe('shared form steps ($golden-path-parameters)', () => {
  it('compose into the same entity, schema and validation as the step written in place', () => {
    const inline = new GoldenPathEngine({ templatesRoot: demoTemplates() }).load('demo');
    const engine = composed('$golden-path-parameters: size');
    const gp = engine.load('demo');
    expect(gp.entity).toEqual(inline.entity);
    expect(gp.parameters).toEqual(inline.parameters);
    expect(engine.fieldProblem(gp, 'maxTasks', 'x')).toBe('must be a whole number');
    expect(engine.prepare(gp, { name: 'svc', owner: 'payments' }).values.size).toBe('512-1024');
  });

  it('a missing or badly named step is the platform bug, named', () => {
    expect(() => composed('$golden-path-parameters: sizes').load('demo')).toThrow(TemplateError);
    expect(() => composed('$golden-path-parameters: sizes').load('demo')).toThrow(/sizes not found/);
    expect(() => composed("$golden-path-parameters: '../demo/template'").load('demo')).toThrow(
      /is not the name of a file in templates\/parameters/,
    );
    expect(() =>
      composed('$golden-path-parameters: size', { 'parameters/size.yaml': 'title: x\n' }).load('demo'),
    ).toThrow(/a form step needs properties/);
  });

  it('templates/parameters is not a golden path', () => {
    const engine = composed('$golden-path-parameters: size', { 'parameters/template.yaml': DEMO_TEMPLATE });
    expect(engine.ids()).toEqual(['demo']);
    expect(() => engine.load('parameters')).toThrow(/parameters/);
  });
});
