import { GoldenPathEngine, TemplateError } from '@golden-path/engine';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sharedParametersResolver } from './sharedParametersResolver.js';

const templatesRoot = join(import.meta.dirname, '..', '..', '..', 'templates');
const resolve = sharedParametersResolver(templatesRoot);
const params = (value: unknown) =>
  ({
    key: 'golden-path-parameters',
    value,
    baseUrl: '',
    read: async () => Buffer.from(''),
    resolveUrl: () => '',
    emit: () => {},
  }) as Parameters<typeof resolve>[0];

describe('sharedParametersResolver', () => {
  it("gives the catalog the same form steps as the engine's merged schema", async () => {
    const gp = new GoldenPathEngine({ templatesRoot }).load('python-django-service');
    const steps = (gp.entity.spec as { parameters: unknown[] }).parameters;
    expect(await Promise.all(['service', 'aws'].map(n => resolve(params(n))))).toEqual(steps);
  });

  it('reads nothing outside templates/parameters, naming what it refused', async () => {
    for (const bad of ['../parts/catalog/part', '/etc/passwd', 'Service', 42]) {
      await expect(resolve(params(bad))).rejects.toThrow(TemplateError);
    }
    await expect(resolve(params('no-such-step'))).rejects.toThrow(/no-such-step not found/);
  });
});
