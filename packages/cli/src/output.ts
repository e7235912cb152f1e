import type { RenderPlan } from '@golden-path/engine';
import type { InitialCommit } from './git.js';
import type { Progress } from './progress.js';

export interface CreateResult {
  ok: true;
  template: { id: string; version: string };
  output: string;
  dryRun: boolean;
  files: { path: string; size: number; sha256: string; mode: number; source: string }[];
  size: number;
  git?: InitialCommit;
}

/** The one JSON object a --json run prints on stdout. */
export function emitJson(value: unknown, out: NodeJS.WritableStream = process.stdout): void {
  out.write(`${JSON.stringify(value, null, 2)}\n`);
}

export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

const modeText = (mode: number) => (mode & 0o111 ? 'x' : '-');

/** `--dry-run`: one line per file (mode, size, short hash, path) and the total. */
export function printPlan(show: Progress, plan: RenderPlan, target: string): void {
  const width = Math.max(...plan.files.map(f => String(f.size).length));
  show.print(`Would write ${plan.files.length} files (${formatSize(plan.size)}) into ${target}:`);
  for (const f of plan.files) {
    show.print(`  ${modeText(f.mode)} ${String(f.size).padStart(width)}  ${f.sha256.slice(0, 12)}  ${f.path}`);
  }
}

/** The last word of `create`: JSON for machines, a summary for a person. */
export function printCreated(show: Progress, result: CreateResult, displayTarget: string): void {
  if (show.mode === 'json') return emitJson(result);
  if (result.dryRun) return show.print('Dry run: nothing was written.');
  const { template, files, size, git } = result;
  show.print(
    `Created ${displayTarget} from ${template.id}@${template.version}: ${files.length} files, ${formatSize(size)}.`,
  );
  if (git) show.print(`Git repository on ${git.branch}, first commit ${git.commit.slice(0, 12)}.`);
}
