import { mkdtempSync, readdirSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { GoldenPathEngine, ValuesError, type GoldenPath } from '@golden-path/engine';
import type { ValidatorResult } from '@golden-path/validators';
import { commonFlags, parseFlags } from '../args.js';
import { UsageError } from '../errors.js';
import { emitJson } from '../output.js';
import { createProgress, progressMode, type Progress } from '../progress.js';
import { templatesRoot } from '../templates-root.js';
import { asUsage } from '../unknown-template.js';
import { readValuesFile } from '../values.js';

export const testHelp = `Usage: golden-path test [template] [options]

Renders every golden path (or the one named) with each values file in templates/<id>/examples/
into a temporary folder and runs the validators on the result. Prints a verdict per example and
per validator, with the failures. Exit status 1 if any example fails.

Options:
  --only NAME       run only this validator (repeatable)
  --skip NAME       do not run this validator (repeatable)
  --keep            keep the rendered folders and print where they are
  --json            print one JSON object
  --templates DIR   folder holding the golden paths (default: $GOLDEN_PATH_TEMPLATES, else the repository's templates/)
  -h, --help        show this help
`;

const flagSpec = {
  ...commonFlags,
  only: { type: 'string', multiple: true },
  skip: { type: 'string', multiple: true },
  keep: { type: 'boolean' },
} as const;

/** One example's verdict: rendered from templates/<id>/examples/<file>, then validated. */
export interface ExampleResult {
  file: string;
  ok: boolean;
  /** The rendered repository (with --keep). */
  output?: string;
  error?: { kind: string; message: string; issues?: { field: string; message: string }[] };
  results: ValidatorResult[];
}

interface TemplateResult {
  id: string;
  version: string;
  examples: ExampleResult[];
}

const EXAMPLE = /\.(ya?ml|json)$/;

const failed = (r: ValidatorResult) => r.findings.some(f => f.severity === 'error');

/** The values files of a golden path's examples/, sorted. */
export function exampleFiles(gp: GoldenPath): string[] {
  if (!existsSync(gp.examplesDir)) return [];
  return readdirSync(gp.examplesDir)
    .filter(f => EXAMPLE.test(f))
    .sort();
}

export interface ExampleOptions {
  /** Run only these validators. */
  only?: string[];
  /** Do not run these validators. */
  skip?: string[];
  /** Keep the rendered repository (its folder is in the result's `output`). */
  keep?: boolean;
}

/**
 * What `golden-path test` does for one example: renders it into a temporary folder through the
 * engine and runs every validator on the result (the runtime's tests with runtime.yaml's serviceTest).
 */
export async function testExample(
  engine: GoldenPathEngine,
  gp: GoldenPath,
  file: string,
  options: ExampleOptions = {},
): Promise<ExampleResult> {
  const display = relative(engine.templatesRoot, join(gp.examplesDir, file));
  const workDir = mkdtempSync(join(tmpdir(), `golden-path-test-${gp.id}-`));
  const repo = join(workDir, file.replace(EXAMPLE, ''));
  try {
    const { validateRepository } = await import('@golden-path/validators');
    const tools = await import('@golden-path/validators/process');
    // trivy ships UPX-packed: unpacked once (node_modules/.cache), each scan after starts faster and smaller.
    await tools.unpackTrivy();
    // Go's build cache, seeded once from the standard library, meanwhile: the service's tests wait
    // for it (a bounded time, see goBuildCache.ts) rather than compile that library cold.
    if (gp.runtime?.serviceTest?.buildCache) void tools.seedGoBuildCache(gp.runtime.serviceTest);
    engine.render(engine.prepare(gp, readValuesFile(join(gp.examplesDir, file))), repo);
    const report = await validateRepository(repo, {
      runtime: gp.runtime,
      baseImages: { approved: engine.platform().approvedImages },
      ...(options.only ? { only: options.only } : {}),
      ...(options.skip ? { skip: options.skip } : {}),
    });
    return { file: display, ok: report.ok, results: report.results, ...(options.keep ? { output: repo } : {}) };
  } catch (e) {
    const err = e as Error;
    const issues = e instanceof ValuesError ? { issues: e.issues } : {};
    return { file: display, ok: false, error: { kind: err.name, message: err.message, ...issues }, results: [] };
  } finally {
    if (!options.keep) rmSync(workDir, { recursive: true, force: true });
  }
}

function printExample(show: Progress, example: ExampleResult): void {
  show.print(
    `${example.ok ? 'PASS' : 'FAIL'} ${example.file}${example.output ? `  (rendered in ${example.output})` : ''}`,
  );
  if (example.error) show.print(`  ${example.error.message.replace(/\n/g, '\n  ')}`);
  for (const r of example.results) {
    const errors = r.findings.filter(f => f.severity === 'error').length;
    const warnings = r.findings.length - errors;
    const counts = [errors && `${errors} error(s)`, warnings && `${warnings} warning(s)`].filter(Boolean).join(', ');
    const verdict = failed(r) ? 'fail' : r.skipped ? 'skipped' : 'ok';
    const mark = verdict === 'fail' ? '✖' : verdict === 'skipped' ? '-' : '✔';
    show.print(
      `  ${mark} ${r.validator}: ${verdict}, ${r.files} file(s)${counts ? `, ${counts}` : ''}${r.skipped ? ` (${r.skipped})` : ''}`,
    );
    for (const f of r.findings) {
      show.print(
        `      ${f.severity} ${f.file}${f.line ? `:${f.line}` : ''}: ${f.message.replace(/\n/g, '\n        ')}`,
      );
    }
  }
}

export async function testCommand(argv: string[]): Promise<number> {
  const { values: flags, positionals } = parseFlags(argv, flagSpec, 'test');
  if (flags.help) return (process.stdout.write(testHelp), 0);
  if (positionals.length > 1) throw new UsageError(`test takes at most one template (got ${positionals.join(' ')})`);
  // A developer's own golden paths, not a portal user's: the tools run in the gate's sandbox where
  // bubblewrap is installed and directly where it is not (macOS); GOLDEN_PATH_SANDBOX=required insists.
  process.env.GOLDEN_PATH_SANDBOX ??= 'if-available';
  const engine = new GoldenPathEngine({ templatesRoot: templatesRoot(flags.templates) });
  const wanted = positionals[0];
  const ids = wanted ? [wanted] : engine.ids();
  const options: ExampleOptions = { only: flags.only, skip: flags.skip, keep: !!flags.keep };
  const show = createProgress(progressMode(!!flags.json));
  const results: TemplateResult[] = [];
  for (const id of ids) {
    const gp = asUsage(() => engine.load(id)); // once per golden path: its examples share it
    const examples: ExampleResult[] = [];
    const files = exampleFiles(gp);
    if (!files.length) {
      const message = `no values files in ${relative(engine.templatesRoot, gp.examplesDir)}/: a golden path is tested through its examples`;
      examples.push({
        file: relative(engine.templatesRoot, gp.examplesDir),
        ok: false,
        error: { kind: 'NoExamples', message },
        results: [],
      });
      printExample(show, examples[0]!);
    }
    for (const file of files) {
      const example = await show.step(
        `${id}@${gp.version} ${file}`,
        () => testExample(engine, gp, file, options),
        r => (r.ok ? 'pass' : 'fail'),
        r => r.ok,
      );
      examples.push(example);
      printExample(show, example);
    }
    results.push({ id, version: gp.version, examples });
  }
  const all = results.flatMap(t => t.examples);
  const passed = all.filter(e => e.ok).length;
  const ok = passed === all.length && all.length > 0;
  if (flags.json) emitJson({ ok, templates: results });
  else show.print(`${passed} of ${all.length} example(s) passed.`);
  return ok ? 0 : 1;
}
