import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GoldenPathEngine } from '@golden-path/engine';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { answersToValues, applySets, questionFor, questionsFor, typedValue } from '../../packages/cli/dist/main.js';
import { FIXTURES } from './helpers.js';

// The demo golden path's merged schema, as the engine reads it, and the engine's check of one field: the prompts' input.
const engine = new GoldenPathEngine({ templatesRoot: FIXTURES });
const gp = engine.load('demo-service');
const { properties } = gp.parameters;
const problem = (field: string, value: unknown) => engine.fieldProblem(gp, field, value);

describe('prompts from the JSON Schema', () => {
  it('maps each field kind to a question with title, description and default', () => {
    expect(questionFor('name', properties.name!, problem)).toMatchObject({
      name: 'name',
      type: 'input',
      message: 'Name (Lowercase letters, digits and hyphens.)',
    });
    expect(questionFor('tier', properties.tier!, problem)).toEqual({
      name: 'tier',
      type: 'select',
      message: 'Tier',
      default: 'silver',
      choices: [
        { name: 'Bronze', value: 'bronze' },
        { name: 'Silver', value: 'silver' },
        { name: 'Gold (24/7)', value: 'gold' },
      ],
    });
    expect(questionFor('database', properties.database!, problem)).toMatchObject({ type: 'confirm', default: false });
    expect(questionFor('port', properties.port!, problem)).toMatchObject({
      type: 'number',
      step: 1,
      min: 1024,
      max: 65535,
      default: 8080,
    });
    expect(questionFor('limits', properties.limits!, problem)).toBeUndefined(); // objects come from --values
  });

  it('labels an enum with its values when there are no enumNames', () => {
    const q = questionFor('region', { title: 'Region', type: 'string', enum: ['eu-west-1', 'us-east-1'] }, problem);
    expect(q?.choices).toEqual([
      { name: 'eu-west-1', value: 'eu-west-1' },
      { name: 'us-east-1', value: 'us-east-1' },
    ]);
  });

  it('checks the pattern, lengths and bounds of an answer as it is typed', () => {
    const validate = (field: string) => questionFor(field, properties[field]!, problem)!.validate!;
    const name = validate('name');
    expect(name('payments-api')).toBe(true);
    expect(name('Payments')).toBe('must match ^[a-z][a-z0-9-]{2,31}$ (Lowercase letters, digits and hyphens.)');
    expect(name('')).toBe('is required (Lowercase letters, digits and hyphens.)');
    const port = validate('port');
    expect(port(8080)).toBe(true);
    expect(port(80)).toBe('must be at least 1024');
    expect(port(8080.5)).toBe('must be a whole number');
    expect(port(undefined)).toBe(true); // left empty: the default (8080) applies, as in full validation
    const description = validate('description');
    expect(description('x'.repeat(201))).toBe('must be at most 200 characters');
    expect(description('')).toBe('is required');
    const contact = validate('contact');
    expect(contact('')).toBe(true); // optional: may be left empty
    expect(contact('ops@example.com')).toBe(true);
    expect(contact('not an address')).toBe('must be an e-mail address');
    // A picker's field is checked by its deriver too, as the engine checks it.
    expect(validate('owner')('Not An Owner!')).toMatch(/must be an entity reference/);
  });

  it('answers each field exactly as full validation does', () => {
    for (const [field, value] of [
      ['name', 'Payments'],
      ['port', 80],
      ['port', 8080.5],
      ['description', 'x'.repeat(201)],
      ['contact', 'not an address'],
      ['owner', 'Not An Owner!'],
    ] as const) {
      const values = { name: 'payments-api', description: 'A service.', owner: 'payments', [field]: value };
      let issues: { field: string; message: string }[] = [];
      try {
        engine.prepare(gp, values);
      } catch (e) {
        issues = (e as { issues: typeof issues }).issues;
      }
      const validate = questionFor(field, properties[field]!, problem)!.validate!;
      expect(validate(value), field).toBe(issues.find(i => i.field === field)?.message);
    }
  });

  it('asks only for the fields not given, in form order', () => {
    const asked = questionsFor(properties, { name: 'abc', port: 9000 }, problem).map(q => q.name);
    expect(asked).toEqual(['description', 'owner', 'tier', 'database', 'contact']);
  });

  it('marks secret fields as password prompts', () => {
    expect(questionFor('token', { type: 'string', 'ui:field': 'Secret' }, problem)).toMatchObject({
      type: 'password',
      mask: '*',
    });
  });

  it('asks nothing for a list of objects (environments): its default applies, or it comes in --values', () => {
    const environments = { type: 'array', items: { type: 'object' }, default: [{ name: 'staging', kind: 'staging' }] };
    expect(questionFor('environments', environments, problem)).toBeUndefined();
  });

  it('drops answers left empty so defaults apply', () => {
    expect(answersToValues({ a: '', b: undefined, c: 0, d: false, e: 'x' })).toEqual({ c: 0, d: false, e: 'x' });
  });
});

describe('--values and --set', () => {
  it('types --set values by the schema', () => {
    expect(typedValue('8080', properties.port)).toBe(8080);
    expect(typedValue('80a', properties.port)).toBe('80a'); // left for the engine to name
    expect(typedValue('true', properties.database)).toBe(true);
    expect(typedValue('no', properties.database)).toBe(false);
    expect(typedValue('0123', properties.name)).toBe('0123'); // strings stay strings
    expect(typedValue('a, b', { type: 'array', items: { type: 'string' } })).toEqual(['a', 'b']);
    expect(typedValue('1.5', { type: 'number' })).toBe(1.5);
  });

  it('applies dotted keys into nested objects over the values file', () => {
    const base = parse(readFileSync(join(FIXTURES, 'demo-service/examples/minimal.yaml'), 'utf8'));
    const out = applySets(base, ['limits.cpu=2', 'limits.memory=256', 'name=other', 'description=a=b'], properties);
    expect(out).toMatchObject({ name: 'other', description: 'a=b', limits: { cpu: 2, memory: 256 } });
    expect(base.name).toBe('demo-minimal'); // the input is not changed
  });

  it('refuses assignments without a key and keys that reach the prototype', () => {
    expect(() => applySets({}, ['=x'], properties)).toThrow(/must be written key=value/);
    expect(() => applySets({}, ['a..b=x'], properties)).toThrow(/must be written key=value/);
    expect(() => applySets({}, ['__proto__.polluted=1'], properties)).toThrow(/must be written key=value/);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
