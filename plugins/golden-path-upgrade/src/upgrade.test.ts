import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GoldenPathEngine, ManifestError, MANIFEST_PATH, UnknownGoldenPathError } from '@golden-path/engine';
import { upgrade, type UpgradeResult } from './upgrade.js';
import { UpgradeRefused } from './errors.js';
import { cloneFixture, git, ownersCommit, releaseCopy, replaceIn, repositoryState } from './testing/repos.js';

const work = mkdtempSync(join(tmpdir(), 'golden-path-upgrade-test-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const README_VERSION_LINE = '| Created from | golden path `python-django-service` 1.0.0';
const CATALOG_TAGS = '    - data-confidential\n';
const HARDEN_NAME = 'name: Harden the container image\n';

/** 1.1.0: changes a merged file in two places, the tags of catalog-info, a managed and a seeded file. */
function release110(dir: string) {
  const skeleton = join(dir, 'skeleton');
  replaceIn(
    join(skeleton, 'README.md.ejs'),
    '## Upgrading\n',
    '## Upgrading\n\nRun `golden-path upgrade` to take a new version.\n',
  );
  replaceIn(
    join(dir, '..', 'parts', 'catalog', 'skeleton', 'catalog-info.yaml.ejs'),
    /(\n\s+tags:\n(?:\s+- .*\n)*?\s+- data-<%.*%>\n)/,
    '$1    - golden-path\n',
  );
  replaceIn(
    join(dir, '..', 'parts', 'container-hardening', 'skeleton', '.github', 'workflows', 'harden.yml.ejs'),
    'permissions: {}\n',
    'permissions: {} # 1.1.0: nothing by default, each job asks\n',
  );
  replaceIn(
    join(skeleton, '<%= names.snake %>', 'service.py'),
    '"""What this service is',
    '"""1.1.0: What this service is',
  );
}

describe('upgrade of the 1.0.0 fixture, edited by its owners, to 1.1.0', () => {
  let repo: string;
  let engine: GoldenPathEngine;
  let mainBefore: string;
  let baseBefore: string;
  let result: UpgradeResult;
  const show = (ref: string, path: string) => git(repo, 'show', `${ref}:${path}`);

  beforeAll(async () => {
    repo = cloneFixture(join(work, 'payments-api'));
    engine = new GoldenPathEngine({ templatesRoot: releaseCopy(join(work, 'templates-1.1.0'), '1.1.0', release110) });
    baseBefore = git(repo, 'rev-parse', 'origin/golden-path/base');
    mainBefore = ownersCommit(repo, {
      'payments_api/service.py': old => `${old}\n\ndef owners_own():\n    return 42\n`, // seeded
      'README.md': old =>
        old.replace('# Payments Api\n', '# Payments Api\n\nOwned by the payments team; ask in #payments.\n'), // merged, apart
      'catalog-info.yaml': old => old.replace(CATALOG_TAGS, `${CATALOG_TAGS}    - payments-core\n`), // merged, same place
      '.github/workflows/harden.yml': old => old.replace(HARDEN_NAME, 'name: Harden (tweaked by the team)\n'), // managed
    });
    result = await upgrade({ engine, dir: repo });
  });

  it('reports conflicts, the branch and the changelog between the versions', () => {
    expect(result).toMatchObject({
      status: 'conflicts',
      from: '1.0.0',
      to: '1.1.0',
      branch: 'golden-path/upgrade-1.1.0',
    });
    expect(result.changelog.map(e => e.version)).toEqual(['1.1.0']);
  });

  it('leaves seeded files as the owners made them, even where the new version changed them', () => {
    const ours = readFileSync(join(repo, 'payments_api/service.py'), 'utf8');
    expect(show('golden-path/upgrade-1.1.0', 'payments_api/service.py')).toBe(ours.trimEnd());
    expect(ours).toContain('def owners_own');
    expect(ours).not.toContain('1.1.0:');
  });

  it("merges an edit apart from the new version's changes, without markers", () => {
    const readme = show('golden-path/upgrade-1.1.0', 'README.md');
    expect(readme).toContain('Owned by the payments team; ask in #payments.');
    expect(readme).toContain('Run `golden-path upgrade` to take a new version.');
    expect(readme).toContain('golden path `python-django-service` 1.1.0');
    expect(readme).not.toContain(README_VERSION_LINE);
    expect(readme).not.toMatch(/^(<<<<<<<|=======|>>>>>>>)/m);
    expect(result.files).toContainEqual({ path: 'README.md', class: 'merged', outcome: 'merged' });
  });

  it('commits an edit of the same lines with standard markers, listed with its class', () => {
    const catalog = show('golden-path/upgrade-1.1.0', 'catalog-info.yaml');
    expect(catalog).toMatch(
      /<<<<<<< main\n {4}- payments-core\n=======\n {4}- golden-path\n>>>>>>> python-django-service 1\.1\.0\n/,
    );
    expect(catalog).toContain('golden-path.dev/version: "1.1.0"'); // the rest of the file merged
    expect(result.conflicts).toEqual([
      { path: 'catalog-info.yaml', class: 'merged', reason: 'both-changed', hunks: 1 },
    ]);
  });

  it('replaces a managed file edited locally with the new version and reports it', () => {
    const harden = show('golden-path/upgrade-1.1.0', '.github/workflows/harden.yml');
    expect(harden).toContain(HARDEN_NAME.trim());
    expect(harden).toContain('# 1.1.0: nothing by default');
    expect(result.overwritten).toEqual([{ path: '.github/workflows/harden.yml', class: 'managed' }]);
  });

  it('makes one commit off main; main, the index and the work tree stay as they were; no .rej', () => {
    expect(git(repo, 'rev-parse', 'main')).toBe(mainBefore);
    expect(git(repo, 'rev-parse', 'golden-path/upgrade-1.1.0^')).toBe(mainBefore);
    expect(git(repo, 'rev-parse', 'HEAD')).toBe(mainBefore);
    expect(git(repo, 'status', '--porcelain', '--untracked-files=all')).toBe('');
    expect(git(repo, 'ls-files', '--unmerged')).toBe('');
    const tree = git(repo, 'ls-tree', '-r', '--name-only', 'golden-path/upgrade-1.1.0').split('\n');
    expect(tree.filter(p => /\.(rej|orig)$/.test(p))).toEqual([]);
    expect(git(repo, 'log', '-1', '--format=%B', 'golden-path/upgrade-1.1.0')).toContain(
      'catalog-info.yaml (merged): both-changed',
    );
  });

  it("records the new version in the manifest, with every file's class", () => {
    const manifest = show('golden-path/upgrade-1.1.0', MANIFEST_PATH);
    expect(manifest).toMatch(/template:\n {2}id: python-django-service\n {2}version: 1\.1\.0\n/);
    expect(manifest).toMatch(/ {2}README\.md:\n {4}class: merged\n/);
  });

  it('adds the pure render of 1.1.0 to golden-path/base, on top of the 1.0.0 render', async () => {
    expect(result.base).toBe(git(repo, 'rev-parse', 'golden-path/base'));
    expect(git(repo, 'rev-parse', 'golden-path/base^')).toBe(baseBefore);
    const gp = engine.load('python-django-service');
    const plan = engine.plan(engine.prepare(gp, (await import('yaml')).parse(show(baseBefore, MANIFEST_PATH)).values));
    const tree = git(repo, 'ls-tree', '-r', '--name-only', 'golden-path/base').split('\n');
    expect(tree).toEqual(plan.files.map(f => f.path));
    expect(show('golden-path/base', '.github/workflows/harden.yml')).toBe(
      plan.files
        .find(f => f.path === '.github/workflows/harden.yml')!
        .content.toString()
        .trimEnd(),
    );
  });

  it('refuses to run again while the upgrade branch exists, writing nothing', async () => {
    const before = repositoryState(repo);
    await expect(upgrade({ engine, dir: repo })).rejects.toMatchObject({ reason: 'branch-exists' });
    expect(repositoryState(repo)).toBe(before);
  });

  it('is a no-op on the upgraded branch (same version)', async () => {
    git(repo, 'checkout', '--quiet', 'golden-path/upgrade-1.1.0');
    const before = repositoryState(repo);
    const again = await upgrade({ engine, dir: repo, mainBranch: 'golden-path/upgrade-1.1.0' });
    expect(again).toMatchObject({ status: 'up-to-date', from: '1.1.0', to: '1.1.0', adopted: false });
    expect(repositoryState(repo)).toBe(before);
    git(repo, 'checkout', '--quiet', 'main');
  });
});

describe('refusals: a clear error, nothing written', () => {
  let engine: GoldenPathEngine;
  let n = 0;
  beforeAll(() => {
    engine = new GoldenPathEngine({ templatesRoot: releaseCopy(join(work, 'templates-refusals'), '1.1.0') });
  });
  const fresh = () => cloneFixture(join(work, `refusal-${n++}`));

  async function refused(dir: string, options: Partial<Parameters<typeof upgrade>[0]> = {}) {
    const before = repositoryState(dir);
    const error = await upgrade({ engine, dir, ...options }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(repositoryState(dir)).toBe(before);
    expect(error).toBeInstanceOf(Error);
    return error as Error;
  }
  const manifestEdit = (dir: string, edit: (old: string) => string) => ownersCommit(dir, { [MANIFEST_PATH]: edit });

  it('a manifest that is not YAML', async () => {
    const dir = fresh();
    manifestEdit(dir, old => `${old}values: [unclosed\n`);
    const e = await refused(dir);
    expect(e).toBeInstanceOf(ManifestError);
    expect(e.message).toMatch(/\.golden-path\.yaml is not valid YAML/);
  });

  it('a manifest naming no golden path there is', async () => {
    const dir = fresh();
    manifestEdit(dir, old => old.replace('id: python-django-service', 'id: cobol-mainframe'));
    const e = await refused(dir);
    expect(e).toBeInstanceOf(UnknownGoldenPathError);
    expect(e.message).toMatch(/"cobol-mainframe" not found; available: .*python-django-service/);
  });

  it('a manifest recording a version that never existed', async () => {
    const dir = fresh();
    manifestEdit(dir, old => old.replace('version: 1.0.0\nparts', 'version: 0.9.7\nparts'));
    const e = await refused(dir);
    expect(e).toMatchObject({ reason: 'unknown-version' });
    expect(e.message).toContain(
      'records python-django-service 0.9.7, a version that never existed (released: 1.1.0, 1.0.0)',
    );
  });

  it('no golden-path/base branch (and a newer version to go to)', async () => {
    const dir = fresh();
    git(dir, 'update-ref', '-d', 'refs/remotes/origin/golden-path/base');
    const e = await refused(dir);
    expect(e).toMatchObject({ reason: 'no-base' });
    expect(e.message).toContain('no golden-path/base branch');
  });

  it('a dirty work tree', async () => {
    const dir = fresh();
    writeFileSync(join(dir, 'README.md'), 'uncommitted\n');
    const e = await refused(dir);
    expect(e).toMatchObject({ reason: 'dirty' });
    expect(e.message).toMatch(/uncommitted changes \(1: README\.md\)/);
  });

  it('a downgrade', async () => {
    const dir = fresh();
    const older = new GoldenPathEngine({
      templatesRoot: releaseCopy(join(work, 'templates-0.9.0'), '0.9.0', dir =>
        writeFileSync(
          join(dir, 'changelog.yaml'),
          `- version: 0.9.0\n  date: '2026-11-01'\n  changes: [An older release.]\n`,
        ),
      ),
    });
    const e = await refused(dir, { engine: older });
    expect(e).toMatchObject({ reason: 'downgrade' });
    expect(e.message).toContain('python-django-service 1.0.0 is newer than 0.9.0: a downgrade is refused');
  });

  it('a version the templates do not hold', async () => {
    const e = await refused(fresh(), { to: '2.0.0' });
    expect(e).toMatchObject({ reason: 'version-unavailable' });
  });

  it('a folder that is not a repository', async () => {
    const dir = mkdtempSync(join(work, 'plain-'));
    await expect(upgrade({ engine, dir })).rejects.toBeInstanceOf(UpgradeRefused);
    expect(existsSync(join(dir, '.git'))).toBe(false);
  });

  it('a dry run decides everything and writes nothing', async () => {
    const dir = fresh();
    const before = repositoryState(dir);
    const r = await upgrade({ engine, dir, dryRun: true });
    expect(r).toMatchObject({ status: 'clean', dryRun: true, branch: 'golden-path/upgrade-1.1.0' });
    expect(r.commit).toBeUndefined();
    expect(repositoryState(dir)).toBe(before);
  });
});
