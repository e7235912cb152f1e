/**
 * Shared parts are runtime-neutral (issue 12): nothing under templates/parts/ names a language, a
 * framework, its server, package manager or toolchain, neither in a file's text nor in its path. A
 * runtime gives the parts what they need as data (runtime.yaml) and files (its skeleton), as the
 * parts' contract declares; a part that needs to know which runtime it serves is a bug.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const PARTS = join(import.meta.dirname, '..', '..', 'templates', 'parts');

/** A whole word, case-insensitively; `_` separates words too, so DJANGO_SECRET_KEY names django. */
const word = (source: string) => new RegExp(`(?<![a-z0-9])(?:${source})(?![a-z0-9])`, 'i');

/**
 * Names that only a runtime may say. Words that are also plain English ("go", "node", "express")
 * are matched only in their unambiguous forms (go.mod, `go test`, Node.js, node_modules).
 */
const RUNTIME_NAMES: [string, RegExp][] = [
  // Python
  ['python', word('python[0-9.]*')],
  ['django', word('django')],
  ['gunicorn', word('gunicorn')],
  ['uvicorn', word('uvicorn')],
  ['flask', word('flask')],
  ['fastapi', word('fastapi')],
  ['pip', word('pip[0-9]?')],
  ['pytest', word('pytest')],
  ['ruff', word('ruff')],
  ['wsgi/asgi', word('[wa]sgi')],
  ['pyproject', word('pyproject')],
  // Node.js / TypeScript
  ['node.js', word('node\\.?js|node_modules')],
  ['npm/npx', word('np[mx]')],
  ['yarn/pnpm', word('yarn|pnpm')],
  ['typescript', word('typescript|tsc')],
  ['javascript', word('javascript')],
  ['fastify', word('fastify')],
  ['package.json', word('package(?:-lock)?\\.json')],
  ['vitest/jest', word('vitest|jest')],
  ['eslint', word('eslint')],
  // Go
  ['golang', word('golang')],
  ['go.mod/go.sum', word('go\\.(?:mod|sum)')],
  ['the go tool', word('go (?:build|test|vet|run|mod|install|generate)')],
  ['gomod', word('gomod')],
  ['govulncheck/gofmt', word('govulncheck|gofmt|golangci')],
  // Others a platform might add next
  ['java/jvm', word('java|jvm|maven|gradle|spring')],
  ['ruby', word('ruby|bundler|gemfile')],
  ['rust/cargo', word('rust|cargo')],
  ['.net', word('dotnet|nuget|csharp')],
  ['php', word('php|composer\\.json')],
];

/** An ejs condition or loop that reads runtime.yaml: a language branch inside a part. */
const RUNTIME_BRANCH = /<%[_-]?\s*(?:if|else if|switch|for|while)\b[^%]*?\bruntime\b/g;

/** Source files of a language: a part holds none (a platform script is a shell script). */
const LANGUAGE_FILES = /\.(?:py|js|mjs|cjs|ts|go|rb|java|kt|rs|php|cs)(?:\.ejs)?$/;

/**
 * Known exceptions, each with its owner and reason; the test fails when one is no longer needed,
 * so the list only shrinks. Keys are part-relative paths.
 */
const KNOWN: Record<string, string> = {
  // TechDocs' own toolchain, the same for every runtime: techdocs-cli comes from npm and
  // mkdocs-techdocs-core (MkDocs' plugin) from PyPI; the docs workflow installs both on the runner.
  'github-pipeline/skeleton/.github/workflows/docs.yml.ejs': "installs TechDocs' own tools on the CI runner",
};

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter(d => d.isFile())
    .map(d => relative(PARTS, join(d.parentPath, d.name)));
}

/** Every runtime name a file mentions, in its path or its text, with the first line naming it. */
function findings(path: string): string[] {
  const text = readFileSync(join(PARTS, path), 'utf8');
  const found: string[] = [];
  if (LANGUAGE_FILES.test(path)) found.push(`${path}: is a language's source file`);
  for (const [name, re] of RUNTIME_NAMES) {
    if (re.test(path)) found.push(`${path}: its path names ${name}`);
    const line = text.split('\n').findIndex(l => re.test(l));
    if (line >= 0) found.push(`${path}:${line + 1}: names ${name}`);
  }
  return found;
}

describe('templates/parts is runtime-neutral', () => {
  const files = filesUnder(PARTS);

  it('reads every part', () => {
    expect(files.filter(f => f.endsWith('/part.yaml')).length).toBeGreaterThanOrEqual(6);
  });

  it('names no runtime, framework, server, package manager or toolchain', () => {
    expect(files.filter(f => !KNOWN[f]).flatMap(findings)).toEqual([]);
  });

  it('branches on no runtime: a condition in a part reads form values, never runtime.yaml', () => {
    const branches = files
      .filter(f => f.endsWith('.ejs'))
      .flatMap(f => [...readFileSync(join(PARTS, f), 'utf8').matchAll(RUNTIME_BRANCH)].map(m => `${f}: ${m[0]}`));
    expect(branches).toEqual([]);
  });

  it('keeps only exceptions that are still needed', () => {
    const stale = Object.keys(KNOWN).filter(f => !files.includes(f) || findings(f).length === 0);
    expect(stale).toEqual([]);
  });

  it('the patterns catch what they are for', () => {
    const hits = (text: string) => RUNTIME_NAMES.filter(([, re]) => re.test(text)).map(([n]) => n);
    expect(hits('DJANGO_SECRET_KEY')).toEqual(['django']);
    expect(hits('the django-secret-key secret')).toEqual(['django']);
    expect(hits('run pip install and python3 -m pytest')).toEqual(['python', 'pip', 'pytest']);
    expect(hits('npm ci && npx tsc; Node.js 22')).toEqual(['node.js', 'npm/npx', 'typescript']);
    expect(hits('go vet ./... && govulncheck')).toEqual(['the go tool', 'govulncheck/gofmt']);
    expect(hits('go to the platform team; a node of the graph; a trusty pipeline')).toEqual([]);
    expect(LANGUAGE_FILES.test('scripts/diff.py')).toBe(true);
    expect(LANGUAGE_FILES.test('scripts/diff.sh')).toBe(false);
    const branch = new RegExp(RUNTIME_BRANCH.source);
    expect(branch.test("<% if (runtime.language === 'go') { %>")).toBe(true);
    expect(branch.test('<% if (values.alarmSnsTopicArn) { -%>')).toBe(false);
  });
});
