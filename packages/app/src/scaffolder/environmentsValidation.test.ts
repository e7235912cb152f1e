import { APPROVERS_MAX, ENVIRONMENT_KINDS, LOG_RETENTION_DAYS } from '@golden-path/common';
import { describe, expect, it } from 'vitest';
import { environmentChoices } from './environmentChoices';
import { validateEnvironments } from './environmentsValidation';

/** The errors the field's validation adds for a value, with the form's other values. */
function errors(value: unknown, formData: Record<string, unknown> = {}): string[] {
  const field = { __errors: [] as string[], addError: (m: string) => void field.__errors.push(m) };
  void validateEnvironments(value, field, { formData } as never);
  return field.__errors;
}

describe('validateEnvironments (ui:field EnvironmentsPicker)', () => {
  it('accepts the default list, and an entry with its own size and six approvers', () => {
    expect(
      errors([
        { name: 'staging', kind: 'staging' },
        { name: 'production', kind: 'production', approvers: ['a', 'b', 'c', 'd', 'e', 'acme/leads'] },
      ]),
    ).toEqual([]);
  });

  it('adds every problem, each naming the entry and the field, with the rules the catalog reads the file back with', () => {
    expect(
      errors([
        { name: 'staging', kind: 'staging', approvers: Array.from({ length: APPROVERS_MAX + 1 }, (_, i) => `u${i}`) },
        { name: 'x'.repeat(33), kind: 'staging' },
        { name: 'production', kind: 'production', logRetentionDays: 45 },
        { name: 'acme', kind: 'tenant' },
      ]),
    ).toEqual([
      expect.stringMatching(/^environment 1 \(staging\): approvers .* must be at most 6: GitHub takes no more/),
      expect.stringMatching(/^environment 2: name "x{33}" must be .* at most 32 characters$/),
      expect.stringMatching(/^environment 3 \(production\): logRetentionDays 45 must be a number of days CloudWatch/),
      'environment 4 (acme): owner (missing) must be a group, such as group:default/acme-bank-ops (every tenant has one)',
      // The list's own rule, last: with every entry refused, none is left for main to deploy.
      'must list at least one environment that main deploys (not a preview or a branch tenant)',
    ]);
  });

  it("resolves the defaults from the form's other values: pci data keeps logs a year", () => {
    const list = [{ name: 'staging', kind: 'staging', logRetentionDays: 90 }];
    expect(errors(list, { dataClassification: 'internal' })).toEqual([]);
    expect(errors(list, { dataClassification: 'pci' })).toEqual([
      'environment 1 (staging): logRetentionDays must be at least 365 for pci data (PCI DSS 10.5.1)',
    ]);
    expect(errors([{ name: 'staging', kind: 'staging' }], { desiredCount: 51 })[0]).toBe(
      'environment 1 (staging): desiredCount 51 must be a whole number from 1 to 50',
    );
  });

  it('refuses an empty list, and leaves an unfilled field to the form', () => {
    expect(errors([])).toEqual([
      'must list at least one environment that main deploys (not a preview or a branch tenant)',
    ]);
    expect(errors(undefined)).toEqual([]);
  });
});

describe('environmentChoices', () => {
  const schema = {
    type: 'array',
    items: {
      type: 'object',
      properties: {
        name: { type: 'string' },
        kind: { type: 'string' },
        awsRegion: { type: 'string', title: 'AWS region (optional)' },
        fargateSize: { type: 'string' },
        logRetentionDays: { type: 'integer' },
      },
    },
  };
  const root = {
    properties: {
      awsRegion: { type: 'string', enum: ['eu-west-1', 'us-east-1'] },
      fargateSize: { type: 'string', enum: ['256-512'], enumNames: ['0.25 vCPU, 512 MB'] },
    },
  };

  it("offers common's kinds and retentions, and the service's own regions and task sizes", () => {
    const { properties } = environmentChoices(schema, root).items as { properties: Record<string, object> };
    expect(properties).toEqual({
      name: { type: 'string' },
      kind: { type: 'string', enum: [...ENVIRONMENT_KINDS] },
      awsRegion: { type: 'string', title: 'AWS region (optional)', enum: ['eu-west-1', 'us-east-1'] },
      fargateSize: { type: 'string', enum: ['256-512'], enumNames: ['0.25 vCPU, 512 MB'] },
      logRetentionDays: { type: 'integer', enum: [...LOG_RETENTION_DAYS] },
    });
    expect(schema.items.properties.kind).toEqual({ type: 'string' }); // the template's schema is left as it is
  });

  it('offers free text where the service has no choices, and leaves a schema without entries alone', () => {
    const { properties } = environmentChoices(schema, {}).items as { properties: Record<string, object> };
    expect(properties.awsRegion).toEqual({ type: 'string', title: 'AWS region (optional)' });
    expect(environmentChoices({ type: 'array' }, root)).toEqual({ type: 'array' });
  });
});
