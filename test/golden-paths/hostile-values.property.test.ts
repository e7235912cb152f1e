/**
 * The standing campaign of issue 14 (item 6): generated hostile values, fed to every free-text field
 * of every golden path, are either refused naming that field, or planned into files that parse back
 * to exactly the value wherever it landed, with no path leaving the target.
 *
 * "Where it landed" is learned once per field from a render with a plain marker value: each string in
 * a parsed YAML, JSON or Terraform file that holds the marker must, in the hostile render, be that
 * string with the marker replaced by the value. Markdown has no parser that says what text means,
 * so it is left to the escaper tests (plugins/golden-path-engine/src/escape.test.ts).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import { parse as parseHcl } from '@cdktf/hcl2json';
import fc from 'fast-check';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { GoldenPathEngine, ValuesError, type GoldenPath, type RenderPlan } from '@golden-path/engine';
import { HOSTILE_VALUES } from '../../plugins/golden-path-engine/src/testing/hostile.js';

const REPO = join(import.meta.dirname, '..', '..');
const engine = new GoldenPathEngine({ templatesRoot: join(REPO, 'templates') });
/** Generated values per golden path and run (the issue asks for at least 500 per run). */
const RUNS = Number(process.env.HOSTILE_RUNS ?? 500);
const MARKER = 'qzmarkerqz';

type Json = Record<string, unknown>;
/** A string somewhere in a parsed file: the file, the path of keys, the string as rendered with the marker. */
interface Landing {
  file: string;
  at: (string | number)[];
  template: string;
}

function baseValues(gp: GoldenPath): Json {
  const examples = readdirSync(gp.examplesDir)
    .filter(f => /\.ya?ml$/.test(f))
    .sort();
  const first = examples.find(f => !f.startsWith('hostile')) ?? examples[0]!;
  return parseAllDocuments(readFileSync(join(gp.examplesDir, first), 'utf8'))[0]!.toJS() as Json;
}

/** Free text: a string field the user types, with no pattern, choice or picker shaping it. */
function freeTextFields(gp: GoldenPath): string[] {
  return Object.entries(gp.parameters.properties)
    .filter(([, s]) => s.type === 'string' && !s.enum && !s.pattern && !s.format && !s['ui:field'])
    .map(([field]) => field);
}

/** Every string field, free text or not: each must refuse or carry any value. */
function stringFields(gp: GoldenPath): string[] {
  return Object.entries(gp.parameters.properties)
    .filter(([, s]) => s.type === 'string' && !s.enum)
    .map(([field]) => field);
}

async function parsed(file: string, content: Buffer): Promise<unknown[] | undefined> {
  const text = content.toString('utf8');
  if (/\.ya?ml$/.test(file)) return parseAllDocuments(text).map(d => d.toJS() as unknown);
  // tsc reads its config as JSON with comments; everything else named .json is plain JSON.
  if (/(^|\/)tsconfig[^/]*\.json$/.test(file)) return [ts.parseConfigFileTextToJson(file, text).config as unknown];
  if (file.endsWith('.json')) return [JSON.parse(text) as unknown];
  if (file.endsWith('.tf')) return [await parseHcl(file, text)];
  return undefined;
}

function strings(node: unknown, at: (string | number)[] = [], out: { at: (string | number)[]; s: string }[] = []) {
  if (typeof node === 'string') out.push({ at, s: node });
  else if (Array.isArray(node)) node.forEach((v, i) => strings(v, [...at, i], out));
  else if (node && typeof node === 'object') for (const [k, v] of Object.entries(node)) strings(v, [...at, k], out);
  return out;
}

function get(node: unknown, at: (string | number)[]): unknown {
  return at.reduce<unknown>((n, k) => (n as Record<string | number, unknown> | undefined)?.[k], node);
}

/** HCL's own escapes as hcl2json reports them: `$${` and `%%{` are the literal `${` and `%{`. */
function hclLiteral(file: string, s: string): string {
  return file.endsWith('.tf') ? s.replace(/\$\$\{/g, '${').replace(/%%\{/g, '%{') : s;
}

async function landings(plan: RenderPlan): Promise<Landing[]> {
  const found: Landing[] = [];
  for (const f of plan.files) {
    const docs = await parsed(f.path, f.content);
    for (const { at, s } of strings(docs ?? [])) if (s.includes(MARKER)) found.push({ file: f.path, at, template: s });
  }
  return found;
}

function assertInside(plan: RenderPlan): void {
  for (const f of plan.files) {
    expect(posix.isAbsolute(f.path), f.path).toBe(false);
    expect(posix.normalize(f.path), f.path).toBe(f.path);
    expect(f.path.split('/'), f.path).not.toContain('..');
  }
}

/** Fragments that break formats, characters no format carries, and any code point at all. */
const hostileText = fc.oneof(
  fc.constantFrom(...HOSTILE_VALUES, '\ud800', 'a\udfffb', '\u202e', '\u2066x\u2069', '\u0000'),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc
    .array(
      fc.oneof(
        fc.constantFrom(...HOSTILE_VALUES.map(v => v.slice(0, 30)), '"', "'", '\\', '${', '%{', '{{', '#', ': ', '\n'),
        fc.string({ unit: 'binary-ascii', maxLength: 8 }),
        fc.string({ unit: 'grapheme', maxLength: 8 }),
      ),
      { maxLength: 8 },
    )
    .map(parts => parts.join('')),
);

const goldenPaths = engine.list().map(summary => engine.load(summary.id));

describe.each(goldenPaths.map(gp => [gp.id, gp] as const))('%s under generated hostile values', (_id, gp) => {
  const base = baseValues(gp);

  it(`every string field refuses a value naming the field, or plans it inside the target, and free text parses back exactly from every YAML, JSON and Terraform file it lands in (${RUNS} values)`, async () => {
    const free = freeTextFields(gp);
    expect(free.length).toBeGreaterThan(0);
    const where = new Map<string, Landing[]>();
    for (const field of free)
      where.set(field, await landings(engine.plan(engine.prepare(gp, { ...base, [field]: MARKER }))));
    // The campaign means something only if free text lands in parsed files at all.
    expect([...where.values()].flat().length).toBeGreaterThan(0);

    let roundTrips = 0;
    await fc.assert(
      fc.asyncProperty(
        // Half the values go to free text (the round trip), half to any string field (refused or kept inside).
        fc.oneof(fc.constantFrom(...free), fc.constantFrom(...stringFields(gp))),
        hostileText,
        async (field, value) => {
          let plan: RenderPlan;
          try {
            plan = engine.plan(engine.prepare(gp, { ...base, [field]: value }));
          } catch (e) {
            if (!(e instanceof ValuesError)) throw e;
            expect([...new Set(e.issues.map(i => i.field))]).toEqual([field]);
            expect(e.message).not.toContain(REPO);
            return;
          }
          assertInside(plan);
          const landed = where.get(field);
          if (!landed) return;
          roundTrips++;
          const byPath = new Map(plan.files.map(f => [f.path, f]));
          const docs = new Map<string, unknown[] | undefined>();
          for (const landing of landed) {
            if (!docs.has(landing.file)) {
              const f = byPath.get(landing.file);
              expect(f, `${landing.file} is rendered`).toBeDefined();
              docs.set(landing.file, await parsed(landing.file, f!.content));
            }
            const got = get(docs.get(landing.file), landing.at);
            const want = hclLiteral(landing.file, landing.template).split(MARKER).join(value);
            const text = typeof got === 'string' ? hclLiteral(landing.file, got) : got;
            expect(text, `${landing.file} ${landing.at.join('.')}`).toBe(want);
          }
        },
      ),
      { numRuns: RUNS },
    );
    // Most generated free text is plain enough to be accepted: the round trip was exercised, not skipped.
    expect(roundTrips).toBeGreaterThan(RUNS / 8);
  }, 600_000);
});
