import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { onTestFinished } from 'vitest';
import type { ValidateOptions } from '../types.js';
import { validateRepository } from '../validate.js';

/** Writes `files` (path → content; a script is made executable with `#!`) into a temp folder removed after the test. */
export async function fixture(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'gp-validators-'));
  onTestFinished(() => rm(dir, { recursive: true, force: true }));
  for (const [file, content] of Object.entries(files)) {
    const target = path.join(dir, file);
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(target, content);
    if (content.startsWith('#!')) await chmod(target, 0o755);
  }
  return dir;
}

/** Strips the common indentation of a template literal, so fixtures can be indented in tests. */
export function text(strings: TemplateStringsArray, ...values: unknown[]): string {
  // Cooked strings: write `\${{ expr }}` for a GitHub expression.
  const raw = strings
    .reduce((out, part, i) => out + part + (i < values.length ? String(values[i]) : ''), '')
    .replace(/^\n/, '');
  const indent = Math.min(
    ...raw
      .split('\n')
      .filter(l => l.trim())
      .map(l => l.length - l.trimStart().length),
  );
  return raw
    .split('\n')
    .map(l => l.slice(indent))
    .join('\n');
}

/** Runs one validator on `dir`; its result is undefined when it does not apply. */
export async function runOnly(dir: string, name: string, options: ValidateOptions = {}) {
  const report = await validateRepository(dir, { ...options, only: [name] });
  const result = report.results.find(r => r.validator === name);
  return { report, result, messages: result?.findings.map(f => `${f.file}:${f.line ?? ''} ${f.message}`) ?? [] };
}
