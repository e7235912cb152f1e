import { describe, expect, it } from 'vitest';
import {
  formatDrift,
  goldenPathStatus,
  goldenPathTemplate,
  goldenPathVersion,
  parseDrift,
  parsePartRefs,
} from './annotations.js';

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

describe('golden path status annotations', () => {
  it('writes and reads drift per class, in one order, and refuses a malformed one', () => {
    expect(formatDrift({ merged: 1, managed: 2, seeded: 0 })).toBe('managed=2,merged=1');
    expect(formatDrift({})).toBe('none');
    expect(parseDrift('managed=2,merged=1')).toEqual({ managed: 2, merged: 1 });
    expect(parseDrift('none')).toEqual({});
    expect(parseDrift('managed=two')).toBeUndefined();
    expect(parseDrift('owners=1')).toBeUndefined();
    expect(parseDrift(undefined)).toBeUndefined();
  });

  it('reads a component status, leaving out what is absent or malformed', () => {
    const annotations = {
      'golden-path.dev/template': 'python-django-service',
      'golden-path.dev/version': '1.0.0',
      'golden-path.dev/created-from': '1.0.0',
      'golden-path.dev/latest': '2.0.0',
      'golden-path.dev/behind': '1',
      'golden-path.dev/status': 'behind',
      'golden-path.dev/drift': 'managed=1',
      'golden-path.dev/managed-drift': 'true',
    };
    expect(goldenPathStatus({ metadata: { annotations } })).toEqual({
      template: 'python-django-service',
      version: '1.0.0',
      createdFrom: '1.0.0',
      latest: '2.0.0',
      behind: 1,
      status: 'behind',
      drift: { managed: 1 },
      managedDrift: true,
    });
    const odd = { ...annotations, 'golden-path.dev/behind': '-1', 'golden-path.dev/status': 'late' };
    expect(goldenPathStatus({ metadata: { annotations: odd } })).not.toHaveProperty('behind');
    expect(goldenPathStatus({ metadata: { annotations: odd } })).not.toHaveProperty('status');
    expect(goldenPathStatus({ metadata: {} })).toBeUndefined();
  });
});
