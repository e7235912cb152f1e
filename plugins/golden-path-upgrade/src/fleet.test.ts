import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GoldenPathEngine } from '@golden-path/engine';
import { fleet } from './fleet.js';
import { cloneFixture, FIXTURE_1_0_0, git, OWNER_ENV, ownersCommit, releaseCopy } from './testing/repos.js';

const work = mkdtempSync(join(tmpdir(), 'golden-path-fleet-test-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const root = join(work, 'remote');

/** A bare repository on the remote, cloned from the 1.0.0 fixture, with `edit` pushed to main. */
function published(name: string, edit?: Parameters<typeof ownersCommit>[1]): string {
  const bare = join(root, 'acme', `${name}.git`);
  execFileSync('git', ['clone', '--quiet', '--bare', FIXTURE_1_0_0, bare], { env: OWNER_ENV });
  if (edit) {
    const clone = cloneFixture(join(work, name));
    ownersCommit(clone, edit);
    git(clone, 'push', '--quiet', bare, 'main');
  }
  return bare;
}

const refs = (bare: string) => git(bare, 'for-each-ref', '--format=%(refname) %(objectname)');

describe('fleet over a remote of bare repositories', () => {
  let engine: GoldenPathEngine;
  beforeAll(() => {
    mkdirSync(join(root, 'acme'), { recursive: true });
    published('clean');
    published('edited', {
      'catalog-info.yaml': old => old.replace('  title: Payments Api\n', '  title: Payments API (ours)\n'),
      '.github/workflows/ci.yml': old => `${old}# ours\n`,
    });
    published('hand-edited', {
      '.golden-path.yaml': old => old.replace('version: 1.0.0\nparts', 'version: 7.0.0\nparts'),
    });
    const plain = join(work, 'plain');
    mkdirSync(plain);
    writeFileSync(join(plain, 'README.md'), 'not generated\n');
    git(plain, 'init', '--quiet', '--initial-branch=main');
    git(plain, 'add', '.');
    git(plain, 'commit', '--quiet', '-m', 'plain');
    execFileSync('git', ['clone', '--quiet', '--bare', plain, join(root, 'acme', 'plain.git')]);
    engine = new GoldenPathEngine({ templatesRoot: releaseCopy(join(work, 'templates'), '1.1.0') });
  });

  it('status: one entry per repository with version, how far behind and managed drift', async () => {
    const entries = await fleet(root, engine);
    expect(entries.map(e => [e.repository, e.version, e.behindBy, e.managedDrift, e.outcome])).toEqual([
      ['acme/clean', '1.0.0', 1, [], 'behind'],
      ['acme/edited', '1.0.0', 1, ['.github/workflows/ci.yml'], 'behind'],
      ['acme/hand-edited', '7.0.0', undefined, [], 'refused'],
      ['acme/plain', undefined, undefined, undefined, 'not-generated'],
    ]);
    expect(entries[2]!.detail).toContain('7.0.0 is newer than 1.1.0');
  });

  it('upgrade --dry-run classifies each repository and writes nothing', async () => {
    const before = ['clean', 'edited'].map(n => refs(join(root, 'acme', `${n}.git`)));
    const entries = await fleet(root, engine, { upgrade: true, dryRun: true });
    expect(entries.slice(0, 2).map(e => e.outcome)).toEqual(['clean', 'auto-merged']);
    expect(['clean', 'edited'].map(n => refs(join(root, 'acme', `${n}.git`)))).toEqual(before);
  });

  it('upgrade writes the upgrade branch and the new base into each bare repository, main untouched', async () => {
    const bare = join(root, 'acme', 'edited.git');
    const main = git(bare, 'rev-parse', 'main');
    const entries = await fleet(root, engine, { upgrade: true });
    expect(entries[1]).toMatchObject({ outcome: 'auto-merged', branch: 'golden-path/upgrade-1.1.0' });
    expect(git(bare, 'rev-parse', 'main')).toBe(main);
    expect(git(bare, 'rev-parse', 'golden-path/upgrade-1.1.0^')).toBe(main);
    expect(git(bare, 'show', 'golden-path/upgrade-1.1.0:catalog-info.yaml')).toContain('title: Payments API (ours)');
    expect(git(bare, 'show', 'golden-path/upgrade-1.1.0:catalog-info.yaml')).toContain(
      'golden-path.dev/version: "1.1.0"',
    );
  });
});
