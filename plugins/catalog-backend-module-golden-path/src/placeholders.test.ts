import { GoldenPathEngine, TemplateError } from '@golden-path/engine';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { goldenPathPlaceholders } from './placeholders.js';

const templatesRoot = join(import.meta.dirname, '..', '..', '..', 'templates');
const resolvers = goldenPathPlaceholders(templatesRoot);
const resolve = (key: string, value: unknown) =>
  resolvers[key]!({
    key,
    value: value as never,
    baseUrl: '',
    read: async () => Buffer.from(''),
    resolveUrl: () => '',
    emit: () => {},
  });

describe('goldenPathPlaceholders', () => {
  it('are the two placeholders golden-path Templates compose', () => {
    expect(Object.keys(resolvers).sort()).toEqual(['golden-path-parameters', 'golden-path-steps']);
  });

  it("give the catalog the same form steps as the engine's merged schema", async () => {
    const gp = new GoldenPathEngine({ templatesRoot }).load('python-django-service');
    const steps = (gp.entity.spec as { parameters: unknown[] }).parameters;
    expect(await Promise.all(['service', 'aws'].map(n => resolve('golden-path-parameters', n)))).toEqual(steps);
  });

  it('give the catalog the steps the engine loads, for each golden path', async () => {
    const engine = new GoldenPathEngine({ templatesRoot });
    for (const id of engine.ids()) {
      const steps = (engine.load(id).entity.spec as { steps: unknown[] }).steps;
      expect(await resolve('golden-path-steps', { name: 'service', template: id })).toEqual(steps);
    }
  });

  it('read nothing outside templates/parameters and templates/steps, naming what they refused', async () => {
    for (const bad of ['../parts/catalog/part', '/etc/passwd', 'Service', 42]) {
      await expect(resolve('golden-path-parameters', bad)).rejects.toThrow(TemplateError);
      await expect(resolve('golden-path-steps', { name: bad, template: 'go-service' })).rejects.toThrow(TemplateError);
    }
    await expect(resolve('golden-path-parameters', 'no-such-step')).rejects.toThrow(/no-such-step not found/);
    await expect(resolve('golden-path-steps', { name: 'service', template: '${{ secrets.token }}' })).rejects.toThrow(
      /must be lower-case letters and digits/,
    );
  });
});
