import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse } from '@cdktf/hcl2json';
import { runCommand, tail, ToolMissingError, type RunResult } from '../exec.js';
import { hasExtension } from '../files.js';
import { terraformBinary } from '../tools.js';
import { toolEnv } from '../env.js';
import type { Validator, ValidatorOutcome } from '../types.js';

type Findings = ValidatorOutcome['findings'];

/** Terraform files parse (HCL, via @cdktf/hcl2json) and are formatted as `terraform fmt` wants. */
export const terraformValidator: Validator = {
  name: 'terraform',
  appliesTo: files => files.map(f => f.path).filter(f => hasExtension(f, '.tf', '.tfvars')),
  async run(dir, files, options) {
    const findings: Findings = [];
    for (const file of files.filter(f => hasExtension(f, '.tf'))) {
      findings.push(...(await parseErrors(file, await readFile(path.join(dir, file), 'utf8'))));
    }
    const unparsable = new Set(findings.map(f => f.file));

    // CHECKPOINT_DISABLE: no version check call home; no TF_* of the caller's environment.
    let result: RunResult;
    try {
      result = await runCommand(await terraformBinary(), ['fmt', '-check', '-recursive', '-diff', '-no-color'], {
        cwd: dir,
        timeoutMs: 120_000,
        env: toolEnv({ CHECKPOINT_DISABLE: '1', TF_IN_AUTOMATION: '1' }),
        signal: options.signal,
      });
    } catch (error) {
      if (error instanceof ToolMissingError)
        return { findings, skipped: `${error.message}: terraform fmt -check did not run` };
      throw error;
    }
    if (result.timedOut) {
      findings.push({ file: '.', severity: 'error', message: 'terraform fmt timed out' });
    } else if (result.code === 3) {
      findings.push(...unformatted(result.stdout));
    } else if (result.code !== 0) {
      // fmt stops at the first file it cannot parse; those are already reported above.
      const errors = fmtErrors(result.stderr).filter(f => !unparsable.has(f.file));
      if (errors.length === 0 && unparsable.size === 0) {
        errors.push({
          file: '.',
          severity: 'error',
          message: `terraform fmt failed (exit ${result.code}): ${tail(result.stderr, 10)}`,
        });
      }
      findings.push(...errors);
    }
    return { findings };
  },
};

/** @cdktf/hcl2json rejects with `parse config: [file:line,col-...: Summary; Detail]`. */
async function parseErrors(file: string, content: string): Promise<Findings> {
  try {
    await parse(file, content);
    return [];
  } catch (error) {
    const message = String((error as Error)?.message ?? error);
    const located = /\[[^\]:]*:(\d+),\d+[^:]*: ([^\]]*)\]/.exec(message);
    return [
      {
        file,
        line: located ? Number(located[1]) : undefined,
        severity: 'error',
        message: `HCL: ${located?.[2] ?? message}`,
      },
    ];
  }
}

/** `terraform fmt -check -diff` prints each file's name, then its diff from `--- old/<file>`. */
function unformatted(stdout: string): Findings {
  const findings: Findings = [];
  const sections = stdout.split(/^(?=--- old\/)/m);
  for (const section of sections) {
    const file = /^--- old\/(.+)$/m.exec(section)?.[1];
    if (!file) continue;
    const diff = section
      .trimEnd()
      .split('\n')
      .slice(2)
      .filter(line => !/^\S+\.tf(?:vars)?$/.test(line));
    findings.push({
      file,
      line: firstChangedLine(diff),
      severity: 'error',
      message: `not formatted (run terraform fmt):\n${head(diff, 30)}`,
    });
  }
  return findings;
}

/** The first lines of a diff: the first hunk is the one the finding's line points at. */
function head(lines: string[], count: number): string {
  return lines.length > count ? [...lines.slice(0, count), '...'].join('\n') : lines.join('\n');
}

/** The old file's line of the first change: hunks start with context lines. */
function firstChangedLine(diff: string[]): number | undefined {
  let line: number | undefined;
  for (const text of diff) {
    const hunk = /^@@ -(\d+)/.exec(text);
    if (hunk) line = Number(hunk[1]);
    else if (line !== undefined && (text.startsWith('-') || text.startsWith('+'))) return line;
    else if (line !== undefined) line++;
  }
  return line;
}

/** `Error: <summary> ... on <file> line <n>` blocks of terraform's stderr. */
function fmtErrors(stderr: string): Findings {
  const findings: Findings = [];
  for (const match of stderr.matchAll(/Error: (.+)\n\n\s+on (\S+) line (\d+)/g)) {
    findings.push({
      file: match[2]!,
      line: Number(match[3]),
      severity: 'error',
      message: `terraform fmt: ${match[1]}`,
    });
  }
  return findings;
}
