import { describe, expect, it } from 'vitest';
import { isDisplayOnlyField, mergeParameters, validateAgainst } from './schema.js';

describe('display-only fields (type null)', () => {
  const merged = mergeParameters([
    {
      required: ['name'],
      properties: {
        name: { type: 'string' },
        preview: { type: 'null', 'ui:field': 'GoldenPathPreview' },
      },
    },
  ]);

  it('are fields of the form but hold no value: whatever the form sends for them is dropped', () => {
    expect(isDisplayOnlyField(merged.properties.preview)).toBe(true);
    expect(isDisplayOnlyField(merged.properties.name)).toBe(false);
    for (const sent of [null, 'anything', { nested: true }]) {
      expect(validateAgainst(merged, { name: 'a', preview: sent })).toEqual({ values: { name: 'a' }, issues: [] });
    }
  });

  it('leave the other fields validated as before', () => {
    expect(validateAgainst(merged, { preview: null }).issues.map(i => i.field)).toEqual(['name']);
    expect(validateAgainst(merged, { name: 'a', colour: 'red' }).issues.map(i => i.field)).toEqual(['colour']);
  });
});
