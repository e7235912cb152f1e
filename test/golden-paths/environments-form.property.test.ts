/**
 * The form's environments field has one set of rules: @golden-path/common's checkFormEnvironments.
 * For generated lists (good and bad, at the edges of each rule), the portal's verdict (the served
 * Template's schema, as rjsf validates it, then the EnvironmentsPicker's validation) is the
 * engine's (engine.prepare: its schema, then the deriver), with the same first message; the
 * served schema refuses nothing the check accepts (a limit written back into
 * templates/parameters/aws.yaml fails here); and what the form accepts, the catalog reads back.
 */
import { PlaceholderProcessor } from '@backstage/plugin-catalog-backend';
import { ConfigReader } from '@backstage/config';
import { ScmIntegrations } from '@backstage/integration';
import { ENVIRONMENT_KINDS, LOG_RETENTION_DAYS, parseEnvironmentsFile } from '@golden-path/common';
import { type Environments, GoldenPathEngine, ValuesError } from '@golden-path/engine';
import validator from '@rjsf/validator-ajv8';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { validateEnvironments } from '../../packages/app/src/scaffolder/environmentsValidation.ts';
import { goldenPathPlaceholders } from '../../plugins/catalog-backend-module-golden-path/src/placeholders.ts';
import { exampleValues } from '../testing/examples.js';

const TEMPLATES = join(import.meta.dirname, '..', '..', 'templates');
const ID = 'go-service';
const engine = new GoldenPathEngine({ templatesRoot: TEMPLATES });

type Json = Record<string, unknown>;

/** The environments field's schema in the Template the catalog serves, as the portal's form gets it (ui: keys apart). */
async function servedEnvironmentsSchema(): Promise<Json> {
  const processor = new PlaceholderProcessor({
    resolvers: goldenPathPlaceholders(TEMPLATES),
    reader: {} as never, // the golden-path resolvers read only the templates folder
    integrations: ScmIntegrations.fromConfig(new ConfigReader({})),
  });
  const file = join(TEMPLATES, ID, 'template.yaml');
  const entity = (await processor.preProcessEntity(
    parse(readFileSync(file, 'utf8')),
    { type: 'file', target: file },
    () => {},
  )) as unknown as {
    spec: { parameters: { properties?: Json }[] };
  };
  const step = entity.spec.parameters.find(s => s.properties?.environments);
  return withoutUi(step!.properties!.environments) as Json;
}

/** Backstage hands rjsf the schema without its ui: keys (they become the uiSchema). */
function withoutUi(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(withoutUi);
  if (!node || typeof node !== 'object') return node;
  return Object.fromEntries(
    Object.entries(node as Json)
      .filter(([k]) => !k.startsWith('ui:'))
      .map(([k, v]) => [k, withoutUi(v)]),
  );
}

/** The portal's errors for the field: rjsf's schema validation, then (when it passes) the field's validation. */
function portalErrors(schema: Json, list: unknown, values: Json): { schema: string[]; field: string[] } {
  const { errors } = validator.validateFormData(list, schema);
  const field = { __errors: [] as string[], addError: (m: string) => void field.__errors.push(m) };
  if (!errors.length) void validateEnvironments(list, field, { formData: values } as never);
  return { schema: errors.map(e => e.stack), field: field.__errors };
}

/** The engine's: the environments issues of prepare, and what it computed when it accepts. */
function engineVerdict(list: unknown, values: Json): { issues: string[]; environments?: Environments } {
  try {
    const prepared = engine.prepare(engine.load(ID), { ...values, environments: list });
    return { issues: [], environments: prepared.context.computed.environments as Environments };
  } catch (e) {
    if (!(e instanceof ValuesError)) throw e;
    return { issues: e.issues.map(i => `${i.field}: ${i.message}`) };
  }
}

/** A list the form accepts: unique names, staging/production/tenant entries, perhaps a preview entry. */
const soundEntry = fc.oneof(
  fc.record(
    {
      name: fc.stringMatching(/^[a-z][a-z0-9]{0,12}$/),
      kind: fc.constantFrom('staging', 'production'),
      approvers: fc.array(fc.constantFrom('ada', 'acme/leads', 'bob'), { maxLength: 3 }),
      logRetentionDays: fc.constantFrom(365, 400, 3653),
      desiredCount: fc.integer({ min: 1, max: 3 }),
    },
    { requiredKeys: ['name', 'kind'] },
  ),
  fc.record({
    name: fc.stringMatching(/^[a-z][a-z0-9]{0,12}$/),
    kind: fc.constant('tenant'),
    owner: fc.constantFrom('group:default/acme-ops', 'acme-ops'),
    monthlyCostCap: fc.constantFrom(100, 1500.5),
  }),
);
const soundList = fc
  .tuple(fc.uniqueArray(soundEntry, { selector: e => e.name, minLength: 1, maxLength: 4 }), fc.boolean())
  .map(([list, preview]) => (preview ? [...list, { name: 'previews', kind: 'preview' }] : list) as Json[]);

/** One field of one entry set to a value at or beyond the edge of its rule (or not: some are still valid). */
const edit = fc.record({
  at: fc.nat(),
  change: fc.oneof(
    ...Object.entries({
      name: fc.oneof(
        fc.stringMatching(/^[a-z][a-z0-9]{20,40}$/), // either side of 32 characters
        fc.constantFrom('Main', '../x', 'a--b', 'preview-sweep', '${{ github.token }}'),
      ),
      kind: fc.constantFrom(...ENVIRONMENT_KINDS, 'qa'),
      awsAccountId: fc.constantFrom('111122223333', '', '1234'),
      awsRegion: fc.constantFrom('eu-west-1', 'ap-south-1', 'moon'),
      fargateSize: fc.constantFrom('256-512', '8192-16384', '300-1024'),
      desiredCount: fc.integer({ min: 0, max: 55 }),
      maxCount: fc.integer({ min: 0, max: 105 }),
      logRetentionDays: fc.oneof(fc.constantFrom(...LOG_RETENTION_DAYS), fc.integer({ min: 0, max: 4000 })),
      approvers: fc.array(fc.constantFrom('ada', 'bob', 'carol', 'dave', 'erin', 'acme/leads', 'acme/ops', '-x'), {
        maxLength: 8,
      }),
      owner: fc.constantFrom('group:default/acme-ops', 'user:default/ada', '<script>'),
      monthlyCostCap: fc.constantFrom(100, 0, 20_000_000, 0.5),
      host: fc.constantFrom('staging', 'production', 'nowhere'),
      ttlHours: fc.integer({ min: 0, max: 340 }),
    }).map(([field, value]) => (value as fc.Arbitrary<unknown>).map(v => ({ field, value: v }))),
  ),
});

const form = fc.record({
  list: soundList,
  edit: fc.option(edit, { nil: undefined, freq: 4 }),
  dataClassification: fc.constantFrom('internal', 'internal', 'pci'),
});

/** The list with the edit applied to one of its entries. */
function edited(list: Json[], e: { at: number; change: { field: string; value: unknown } } | undefined): Json[] {
  if (!e) return list;
  const i = e.at % list.length;
  return list.map((entry, j) => (j === i ? { ...entry, [e.change.field]: e.change.value } : entry));
}

describe('the environments field: one set of rules for the portal, the engine and the catalog', () => {
  let schema: Json;
  let base: Json;
  beforeAll(async () => {
    schema = await servedEnvironmentsSchema();
    base = exampleValues(engine, ID);
  });

  it('gives the portal and the engine the same verdict and first message, and the catalog reads back what both accept', () => {
    const seen = { accepted: 0, refused: 0 };
    fc.assert(
      fc.property(form, ({ list, edit: change, dataClassification }) => {
        const environments = edited(list, change);
        const values = { ...base, dataClassification };
        const portal = portalErrors(schema, environments, values);
        const engineSays = engineVerdict(environments, values);
        // The served schema holds no rule of its own: it refuses nothing the field's check accepts.
        expect(portal.schema).toEqual([]);
        if (portal.field.length === 0) {
          seen.accepted++;
          expect(engineSays.issues).toEqual([]);
          const entries = engineSays.environments!.entries;
          expect(parseEnvironmentsFile({ environments: entries }).problems).toEqual([]);
        } else {
          seen.refused++;
          expect(engineSays.issues).toEqual([`environments: ${portal.field[0]}`]);
        }
      }),
      { numRuns: 400, seed: 20261130 },
    );
    // Both verdicts were reached often enough to mean something (seed 20261130: 252 accepted, 148 refused).
    expect(seen.accepted).toBeGreaterThan(40);
    expect(seen.refused).toBeGreaterThan(40);
  });

  it('leaves the structure to the schema: a value of the wrong type is refused by both, before any rule', () => {
    for (const list of [[{ name: 'staging', kind: 'staging', desiredCount: '2' }], [{ name: 'staging' }], 'staging']) {
      expect(portalErrors(schema, list, base).schema).not.toEqual([]);
      expect(engineVerdict(list, base).issues).not.toEqual([]);
    }
  });
});
