import { describe, expect, it } from 'vitest';
import { GoldenPathEngine } from './engine.js';
import { ValuesError } from './errors.js';
import { demoTemplates, DEMO_TEMPLATE, DEMO_VALUES } from './testing/fixture.js';
import { HOSTILE_VALUES } from './testing/hostile.js';
import { textProblem, textRule } from './text.js';

describe('textProblem', () => {
  it('accepts printable text in any script, emoji (surrogate pairs) included', () => {
    expect(textProblem('naïve café Straße 日本語 😀 ‹› "quotes" ${{ x }} <b>', 'single-line')).toBeUndefined();
  });

  it.each([
    ['\u0000', 'U+0000 (NUL)'],
    ['\u0007', 'U+0007 (a control character)'],
    ['\u001b[31m', 'U+001B (escape)'],
    ['\r', 'U+000D (carriage return)'],
    ['\u007f', 'U+007F (DEL)'],
    ['\u202a', 'U+202A (a bidirectional control'],
    ['\u202e', 'U+202E (a bidirectional control'],
    ['\u2066', 'U+2066 (a bidirectional control'],
    ['\u2069', 'U+2069 (a bidirectional control'],
  ])('refuses %j anywhere, naming it', (bad, named) => {
    for (const rule of ['single-line', 'multi-line'] as const) {
      expect(textProblem(`before ${bad} after`, rule)).toContain(`must be plain text: ${named}`);
    }
  });

  it('allows tab and line feed only where the field is multi-line', () => {
    expect(textProblem('one\ttwo\nthree', 'multi-line')).toBeUndefined();
    expect(textProblem('one\ntwo', 'single-line')).toBe(
      'must be plain text: U+000A (line feed) is not allowed; allowed: printable characters on one line',
    );
    expect(textProblem('one\ttwo', 'single-line')).toContain('U+0009 (tab)');
    // A refused character after an allowed one is still found.
    expect(textProblem('one\ntwo\u0000', 'multi-line')).toContain('U+0000 (NUL)');
  });

  it('refuses a lone surrogate, high or low, but not a pair', () => {
    expect(textProblem('x\ud800y', 'single-line')).toBe(
      'must be well-formed Unicode: a lone UTF-16 surrogate (U+D800) is not allowed',
    );
    expect(textProblem('x\udfffy', 'single-line')).toContain('(U+DFFF)');
    expect(textProblem('\ud83d\ude00', 'single-line')).toBeUndefined();
  });
});

describe('textRule', () => {
  it('is multi-line only for a text area', () => {
    expect(textRule({ type: 'string', 'ui:widget': 'textarea' })).toBe('multi-line');
    expect(textRule({ type: 'string' })).toBe('single-line');
    expect(textRule(undefined)).toBe('single-line');
  });
});

describe('every value of a golden path is plain text', () => {
  const template = DEMO_TEMPLATE.replace(
    '        withWorker:\n',
    [
      '        notes:',
      '          type: string',
      '          ui:widget: textarea',
      '        tags:',
      '          type: array',
      '          items: { type: string }',
      '        withWorker:\n',
    ].join('\n'),
  );
  const engine = new GoldenPathEngine({ templatesRoot: demoTemplates({ 'demo/template.yaml': template }) });
  const gp = engine.load('demo');
  const issues = (values: Record<string, unknown>) => {
    try {
      engine.prepare(gp, { ...DEMO_VALUES, ...values });
      return [];
    } catch (e) {
      if (e instanceof ValuesError) return e.issues;
      throw e;
    }
  };

  it('refuses each hostile value no format can carry, naming the field, and keeps the others', () => {
    for (const value of HOSTILE_VALUES) {
      const problem = textProblem(value, 'single-line');
      expect(issues({ description: value }), JSON.stringify(value)).toEqual(
        problem ? [{ field: 'description', message: problem }] : [],
      );
    }
    expect(HOSTILE_VALUES.filter(v => textProblem(v, 'single-line')).length).toBeGreaterThan(3);
  });

  it('allows line breaks in a text area only', () => {
    expect(issues({ notes: 'line one\n\tline two' })).toEqual([]);
    expect(issues({ notes: 'bell\u0007' })).toEqual([
      { field: 'notes', message: expect.stringContaining('U+0007') as string },
    ]);
  });

  it('looks into arrays, naming the item', () => {
    expect(issues({ tags: ['fine', 'evil\u202egnp.exe'] })).toEqual([
      { field: 'tags.1', message: expect.stringContaining('U+202E') as string },
    ]);
  });

  it('gives fieldProblem the same answer', () => {
    expect(engine.fieldProblem(gp, 'description', 'x\ud800')).toBe(
      'must be well-formed Unicode: a lone UTF-16 surrogate (U+D800) is not allowed',
    );
    expect(engine.fieldProblem(gp, 'description', 'fine')).toBeUndefined();
  });
});
