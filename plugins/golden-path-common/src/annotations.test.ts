import { describe, expect, it } from 'vitest';
import { goldenPathTemplate, goldenPathVersion, parsePartRefs } from './annotations.js';

describe('parsePartRefs', () => {
  it('splits the parts annotation into ids and version ranges', () => {
    expect(parsePartRefs('catalog@^1.0.0, ecs-fargate@^1.2.0,runbooks')).toEqual([
      { id: 'catalog', range: '^1.0.0' },
      { id: 'ecs-fargate', range: '^1.2.0' },
      { id: 'runbooks', range: '' },
    ]);
    expect(parsePartRefs(undefined)).toEqual([]);
    expect(parsePartRefs(' , ')).toEqual([]);
  });

  it('splits at the first @, so a malformed entry keeps it in the range for the engine to refuse', () => {
    expect(parsePartRefs('a@^1.0.0@x, @^1.0.0')).toEqual([
      { id: 'a', range: '^1.0.0@x' },
      { id: '@^1.0.0', range: '' },
    ]);
  });
});

describe('golden path annotations', () => {
  it('reads the template and version a component was created from', () => {
    const entity = {
      metadata: {
        annotations: { 'golden-path.dev/template': 'python-django-service', 'golden-path.dev/version': '1.0.0' },
      },
    };
    expect(goldenPathTemplate(entity)).toBe('python-django-service');
    expect(goldenPathVersion(entity)).toBe('1.0.0');
    expect(goldenPathVersion({ metadata: {} })).toBeUndefined();
  });
});
