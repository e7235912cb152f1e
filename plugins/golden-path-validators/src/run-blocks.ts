import { isMap, isScalar, isSeq, Scalar, type Document, type YAMLMap } from 'yaml';
import type { YamlSource } from './yaml-source.js';

/** A `run:` script of a workflow or composite action step. */
export interface RunBlock {
  /** Where in the file, e.g. `jobs.build.steps[2]`. */
  where: string;
  script: string;
  /** Line of the script's first line in the file. */
  line: number;
  /** The shell GitHub runs it with, or the raw `shell:` value when it is not a POSIX shell. */
  shell: 'bash' | 'sh' | string;
}

/** Every `run:` block of a workflow (`kind: 'workflow'`) or an action's composite steps. */
export function extractRunBlocks(source: YamlSource, doc: Document.Parsed, kind: 'workflow' | 'action'): RunBlock[] {
  const root = doc.contents;
  if (!isMap(root)) return [];
  if (kind === 'action') {
    const runs = root.get('runs', true);
    if (!isMap(runs)) return [];
    return stepsRunBlocks(source, runs.get('steps', true), 'runs.steps', undefined);
  }
  const workflowShell = defaultShell(root);
  const jobs = root.get('jobs', true);
  if (!isMap(jobs)) return [];
  const blocks: RunBlock[] = [];
  for (const pair of jobs.items) {
    const id = isScalar(pair.key) ? String(pair.key.value) : '?';
    const job = pair.value;
    if (!isMap(job)) continue;
    const runsOn = job.get('runs-on');
    const platformShell = typeof runsOn === 'string' && /windows/i.test(runsOn) ? 'pwsh' : undefined;
    const shell = defaultShell(job) ?? workflowShell ?? platformShell;
    blocks.push(...stepsRunBlocks(source, job.get('steps', true), `jobs.${id}.steps`, shell));
  }
  return blocks;
}

function defaultShell(map: YAMLMap): string | undefined {
  const shell = map.getIn(['defaults', 'run', 'shell']);
  return typeof shell === 'string' ? shell : undefined;
}

function stepsRunBlocks(
  source: YamlSource,
  steps: unknown,
  where: string,
  inheritedShell: string | undefined,
): RunBlock[] {
  if (!isSeq(steps)) return [];
  const blocks: RunBlock[] = [];
  steps.items.forEach((step, index) => {
    if (!isMap(step)) return;
    const run = step.get('run', true);
    if (!isScalar(run) || typeof run.value !== 'string' || !run.range) return;
    const shell = step.get('shell');
    blocks.push({
      where: `${where}[${index}]`,
      script: run.value,
      line: scriptFirstLine(source, run),
      shell: normaliseShell(typeof shell === 'string' ? shell : inheritedShell),
    });
  });
  return blocks;
}

/** A block scalar's text starts on the line after its `|` or `>` indicator. */
function scriptFirstLine(source: YamlSource, run: Scalar): number {
  const line = source.lineOf(run.range![0]);
  return run.type === Scalar.BLOCK_LITERAL || run.type === Scalar.BLOCK_FOLDED ? line + 1 : line;
}

/** GitHub's default on Linux runners is bash; `bash -e {0}` style custom shells are bash too. */
function normaliseShell(shell: string | undefined): string {
  if (shell === undefined) return 'bash';
  const program = shell.trim().split(/\s+/)[0] ?? '';
  const name = program.slice(program.lastIndexOf('/') + 1);
  return name === 'bash' || name === 'sh' ? name : shell;
}

/** `${{ ... }}` expressions (they cannot nest). */
export const EXPRESSION = /\$\{\{([\s\S]*?)\}\}/g;

/**
 * Expression contexts an attacker can control (issue titles, branch names, PR bodies, dispatch
 * and composite inputs): interpolated into a script, they become code.
 */
const UNTRUSTED =
  /\bgithub\s*\.\s*(?:event|head_ref)\b|\bgithub\s*\[\s*['"](?:event|head_ref)['"]\s*\]|\binputs\s*(?:\.|\[)/;

export interface UntrustedUse {
  line: number;
  expression: string;
}

export function findUntrustedExpressions(block: RunBlock): UntrustedUse[] {
  const uses: UntrustedUse[] = [];
  for (const match of block.script.matchAll(EXPRESSION)) {
    if (!UNTRUSTED.test(match[1]!)) continue;
    const linesBefore = block.script.slice(0, match.index).split('\n').length - 1;
    uses.push({ line: block.line + linesBefore, expression: match[0].replace(/\s+/g, ' ') });
  }
  return uses;
}
