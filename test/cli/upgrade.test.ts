import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  cloneFixture,
  FIXTURE_1_0_0,
  git,
  ownersCommit,
  releaseCopy,
  repositoryState,
  TEMPLATES,
} from '../../plugins/golden-path-upgrade/src/testing/repos.js';
import { cli, demoArgs, tempDir } from './helpers.js';

const CATALOG_TAGS = '    - data-confidential\n';

/** 1.1.0 adds a tag to catalog-info (a merged file) where the owners add theirs. */
function release(dir: string) {
  const catalog = join(dir, '..', 'parts', 'catalog', 'skeleton', 'catalog-info.yaml.ejs');
  writeFileSync(catalog, readFileSync(catalog, 'utf8').replace(/(\n\s+- data-<%.*%>\n)/, '$1    - golden-path\n'));
}

describe('golden-path upgrade and drift', () => {
  it('upgrade: exit 3 with the conflicts listed (JSON), then 0 as a no-op on the branch; drift: exit 1 on a managed edit', () => {
    const work = tempDir();
    const repo = cloneFixture(join(work, 'svc'));
    const templates = releaseCopy(join(work, 'templates'), '1.1.0', release);
    ownersCommit(repo, {
      'catalog-info.yaml': old => old.replace(CATALOG_TAGS, `${CATALOG_TAGS}    - payments-core\n`),
      '.github/workflows/ci.yml': old => `${old}# ours\n`,
    });
    const drift = cli(['drift', repo, '--templates', templates]);
    expect(drift.code).toBe(1);
    expect(drift.stdout).toContain('python-django-service 1.0.0 (1.1.0 available: golden-path upgrade)');
    expect(drift.stdout).toMatch(/modified\s+managed\s+\.github\/workflows\/ci\.yml/);

    const dry = cli(['upgrade', repo, '--templates', templates, '--dry-run']);
    expect(dry.code).toBe(3);
    expect(dry.stdout).toContain('(dry run: nothing written)');
    expect(git(repo, 'branch', '--list', 'golden-path/upgrade-*')).toBe('');

    const r = cli(['upgrade', repo, '--templates', templates, '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(3);
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({
      ok: true,
      status: 'conflicts',
      from: '1.0.0',
      to: '1.1.0',
      branch: 'golden-path/upgrade-1.1.0',
    });
    expect(out.conflicts).toEqual([{ path: 'catalog-info.yaml', class: 'merged', reason: 'both-changed', hunks: 1 }]);
    expect(out.overwritten).toEqual([{ path: '.github/workflows/ci.yml', class: 'managed' }]);
    expect(out.changelog[0]).toMatchObject({ version: '1.1.0' });

    git(repo, 'checkout', '--quiet', 'golden-path/upgrade-1.1.0');
    git(repo, 'branch', '--quiet', '-f', 'main', 'golden-path/upgrade-1.1.0'); // the pull request merged
    git(repo, 'checkout', '--quiet', 'main');
    const again = cli(['upgrade', repo, '--templates', templates]);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('is at python-django-service 1.1.0 already');
  });

  it('refusals exit 2 with the reason and write nothing', () => {
    const work = tempDir();
    const repo = cloneFixture(join(work, 'svc'));
    const templates = releaseCopy(join(work, 'templates'), '1.1.0');
    writeFileSync(join(repo, 'README.md'), 'uncommitted\n');
    const before = repositoryState(repo);
    const dirty = cli(['upgrade', repo, '--templates', templates, '--json']);
    expect(dirty.code).toBe(2);
    expect(JSON.parse(dirty.stdout).error).toMatchObject({ kind: 'UpgradeRefused', target: expect.any(String) });
    expect(JSON.parse(dirty.stdout).error.message).toContain('uncommitted changes');
    const older = cli(['upgrade', repo, '--templates', TEMPLATES, '--to', '0.1.0']);
    expect(older.code).toBe(2);
    expect(repositoryState(repo)).toBe(before);
  });

  it('create --git makes golden-path/base at the creation commit', () => {
    const cwd = tempDir();
    const r = cli(demoArgs('--output', 'svc', '--yes', '--git'), { cwd });
    expect(r.code).toBe(0);
    const dir = join(cwd, 'svc');
    expect(git(dir, 'rev-parse', 'golden-path/base')).toBe(git(dir, 'rev-parse', 'main'));
    expect(git(dir, 'status', '--porcelain')).toBe('');
  });

  it('fleet status and upgrade --dry-run over a remote of bare repositories', () => {
    const work = tempDir();
    const root = join(work, 'remote');
    execFileSync('git', ['clone', '--quiet', '--bare', FIXTURE_1_0_0, join(root, 'acme', 'payments-api.git')]);
    const templates = releaseCopy(join(work, 'templates'), '1.1.0');
    const status = cli(['fleet', 'status', '--remote', root, '--templates', templates, '--json']);
    expect(status.code).toBe(0);
    expect(JSON.parse(status.stdout).repositories).toEqual([
      expect.objectContaining({
        repository: 'acme/payments-api',
        version: '1.0.0',
        latest: '1.1.0',
        behindBy: 1,
        outcome: 'behind',
      }),
    ]);
    const dry = cli(['fleet', 'upgrade', '--remote', root, '--templates', templates, '--dry-run']);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toMatch(/acme\/payments-api\s+python-django-service\s+1\.0\.0 -> 1\.1\.0\s+1\s+-\s+clean/);
    expect(git(join(root, 'acme', 'payments-api.git'), 'branch', '--list', 'golden-path/upgrade-*')).toBe('');
    expect(cli(['fleet', 'status', '--templates', templates]).code).toBe(2);
  });
});
