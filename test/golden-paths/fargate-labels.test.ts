/**
 * A task size has one label: the form's picker and the CLI's prompt show a template's `enumNames`,
 * the runbooks the engine's `computed.fargateSize.label`. Every golden path's Fargate size field must
 * label each size exactly as @golden-path/common does.
 */
import { parseFargateSize } from '@golden-path/common';
import { GoldenPathEngine } from '@golden-path/engine';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const engine = new GoldenPathEngine({ templatesRoot: join(import.meta.dirname, '..', '..', 'templates') });

type Field = { 'ui:field'?: string; enum?: string[]; enumNames?: string[] };

function fargateFields(entity: Record<string, unknown>): [string, Field][] {
  const spec = entity.spec as { parameters?: { properties?: Record<string, Field> }[] };
  return (spec.parameters ?? []).flatMap(step =>
    Object.entries(step.properties ?? {}).filter(([, field]) => field['ui:field'] === 'FargateSizePicker'),
  );
}

const cases = engine
  .list()
  .flatMap(({ id }) => fargateFields(engine.load(id).entity).map(([name, field]) => ({ id, name, field })));

describe.each(cases)('$id: $name', ({ field }) => {
  it('labels every size as the engine does', () => {
    const labels = (field.enum ?? []).map(value => {
      const size = parseFargateSize(value);
      return typeof size === 'string' ? `${value}: ${size}` : size.label;
    });
    expect(field.enumNames).toEqual(labels);
  });
});

it('finds the Fargate size fields it checks', () => {
  expect(cases.map(c => `${c.id}.${c.name}`)).toContain('python-django-service.fargateSize');
});
