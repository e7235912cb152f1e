import { compareVersions, parseVersion, type GoldenPathEngine } from '@golden-path/engine';
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The monorepo's root, found from this file (src/testing/ or dist/testing/). */
export const REPO_ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
export const TEMPLATES = join(REPO_ROOT, 'templates');
/** A payments-api repository made by python-django-service 1.0.0: main and golden-path/base (test/fixtures/README.md). */
export const FIXTURE_1_0_0 = join(REPO_ROOT, 'test', 'fixtures', 'python-django-service-1.0.0.bundle');

/** Git as a service's owners run it: a fixed identity, no global or system config. */
export const OWNER_ENV = {
  ...process.env,
  GIT_CONFIG_GLOBAL: '/dev/null',
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_AUTHOR_NAME: 'Service Owner',
  GIT_AUTHOR_EMAIL: 'owner@example.com',
  GIT_COMMITTER_NAME: 'Service Owner',
  GIT_COMMITTER_EMAIL: 'owner@example.com',
};

export function git(dir: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd: dir, env: OWNER_ENV, encoding: 'utf8' }).trim();
}

/** A working clone of the 1.0.0 fixture (main checked out; golden-path/base as origin's branch only). */
export function cloneFixture(dir: string): string {
  execFileSync('git', ['clone', '--quiet', '--branch', 'main', FIXTURE_1_0_0, dir], { env: OWNER_ENV });
  return dir;
}

/** Commits the owners' edits on main: path → new content, or a function of the old content. */
export function ownersCommit(
  dir: string,
  edits: Record<string, string | ((old: string) => string)>,
  message = 'Owners edit',
): string {
  for (const [path, edit] of Object.entries(edits)) {
    const file = join(dir, path);
    const old = existsSync(file) ? readFileSync(file, 'utf8') : '';
    writeFileSync(file, typeof edit === 'function' ? edit(old) : edit);
  }
  git(dir, 'add', '--all');
  git(dir, 'commit', '--quiet', '-m', message);
  return git(dir, 'rev-parse', 'HEAD');
}

/** Replaces `from` by `to` in a file, failing if `from` is not there (the test would prove nothing). */
export function replaceIn(file: string, from: string | RegExp, to: string): void {
  const text = readFileSync(file, 'utf8');
  if (typeof from === 'string' ? !text.includes(from) : !from.test(text)) {
    throw new Error(`${file} has no ${String(from)}`);
  }
  writeFileSync(file, typeof from === 'string' ? text.split(from).join(to) : text.replace(from, to));
}

/** python-django-service's version in templates/ now, and the minor release after it (a test's "next version"). */
export function currentAndNext(): { current: string; next: string } {
  const text = readFileSync(join(TEMPLATES, 'python-django-service', 'template.yaml'), 'utf8');
  const [, major, minor, patch] = /golden-path\.dev\/version: (\d+)\.(\d+)\.(\d+)/.exec(text)!;
  return { current: `${major}.${minor}.${patch}`, next: `${major}.${Number(minor) + 1}.0` };
}

/**
 * Copies templates/ to `dest` and releases `version` of python-django-service there: the version
 * annotation set and a changelog entry added (unless it has one), releases newer than it dropped (so
 * a test's "next release" works whatever the current version); `change` then edits the copy as the release does.
 */
export function releaseCopy(dest: string, version: string, change: (dir: string) => void = () => {}): string {
  cpSync(TEMPLATES, dest, { recursive: true });
  const gp = join(dest, 'python-django-service');
  replaceIn(
    join(gp, 'template.yaml'),
    /golden-path\.dev\/version: \d+\.\d+\.\d+/,
    `golden-path.dev/version: ${version}`,
  );
  const changelog = join(gp, 'changelog.yaml');
  const entry = `- version: ${version}\n  date: '2026-12-01'\n  changes:\n    - Release ${version} for the upgrade tests.\n`;
  const text = readFileSync(changelog, 'utf8');
  const first = text.indexOf('\n- version:');
  // The copy is release `version`: the releases newer than it (the real templates may be ahead) go.
  const wanted = parseVersion(version)!;
  const kept = text
    .slice(first + 1)
    .split(/^(?=- version: )/m)
    .filter(e => compareVersions(parseVersion(/^- version: (\S+)/.exec(e)![1]!)!, wanted) <= 0);
  const has = kept.some(e => e.startsWith(`- version: ${version}\n`));
  writeFileSync(changelog, `${text.slice(0, first + 1)}${has ? '' : entry}${kept.join('')}`);
  change(gp);
  return dest;
}

/** Everything an upgrade could write: refs, objects, index and work tree state. */
export function repositoryState(dir: string): string {
  return [
    git(dir, 'for-each-ref', '--format=%(refname) %(objectname)'),
    git(dir, 'count-objects', '-v'),
    git(dir, 'status', '--porcelain', '--untracked-files=all'),
    git(dir, 'ls-files', '--stage'),
  ].join('\n');
}

/** A repository as `golden-path create --git` makes it: the render committed on main, golden-path/base beside it. */
export function createRepository(
  engine: GoldenPathEngine,
  id: string,
  values: Record<string, unknown>,
  dir: string,
): string {
  engine.render(engine.prepare(engine.load(id), values), dir);
  git(dir, 'init', '--quiet', '--initial-branch=main');
  git(dir, 'add', '--all', '--force');
  git(dir, 'commit', '--quiet', '-m', `Create from ${id}`);
  git(dir, 'branch', 'golden-path/base', 'main');
  return dir;
}
