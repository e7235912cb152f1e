import { mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { GoldenPathEngine } from '@golden-path/engine';
import { drift } from './drift.js';
import { cloneFixture, createRepository, currentAndNext, git, releaseCopy, TEMPLATES } from './testing/repos.js';

const work = mkdtempSync(join(tmpdir(), 'golden-path-drift-test-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('drift', () => {
  let repo: string;
  beforeAll(() => {
    const engine = new GoldenPathEngine({ templatesRoot: TEMPLATES });
    const example = parse(
      readFileSync(join(TEMPLATES, 'python-django-service', 'examples', 'payments-api.yaml'), 'utf8'),
    );
    repo = createRepository(engine, 'python-django-service', example, join(work, 'svc'));
    writeFileSync(join(repo, '.github/workflows/ci.yml'), 'on: push\n'); // managed, modified
    unlinkSync(join(repo, 'infra/modules/service/waf.tf')); // managed, deleted
    writeFileSync(join(repo, 'payments_api/service.py'), '# ours\n'); // seeded, modified
    writeFileSync(join(repo, 'NOTES.md'), 'ours\n'); // added: tracked, not rendered
    git(repo, 'add', 'NOTES.md');
    writeFileSync(join(repo, 'scratch.txt'), 'untracked\n'); // not part of the repository: not listed
  });

  it('gives each file its state and class; managed drift apart; no newer version', async () => {
    const report = await drift(repo, new GoldenPathEngine({ templatesRoot: TEMPLATES }));
    const state = Object.fromEntries(report.files.map(f => [f.path, `${f.state} ${f.class}`]));
    expect(state).toMatchObject({
      '.github/workflows/ci.yml': 'modified managed',
      'infra/modules/service/waf.tf': 'deleted managed',
      'payments_api/service.py': 'modified seeded',
      'NOTES.md': 'added unknown',
      'README.md': 'pristine merged',
    });
    expect(state).not.toHaveProperty('scratch.txt');
    expect(report.managedDrift).toEqual(['.github/workflows/ci.yml', 'infra/modules/service/waf.tf']);
    expect(report.summary).toMatchObject({ modified: 2, deleted: 1, added: 1 });
    expect(report.summary.pristine).toBe(report.files.length - 4);
    expect(report).toMatchObject({ behind: false, latest: report.template.version });
  });

  it('says when a newer version exists', async () => {
    const { next } = currentAndNext();
    const newer = new GoldenPathEngine({ templatesRoot: releaseCopy(join(work, 'templates'), next) });
    expect(await drift(repo, newer)).toMatchObject({ behind: true, latest: next });
  });

  it('reads a manifest from before file classes (the 1.0.0 fixture): classes as the templates declare them today', async () => {
    const old = cloneFixture(join(work, 'old'));
    writeFileSync(join(old, 'README.md'), 'ours\n');
    const readme = async (engine?: GoldenPathEngine) =>
      (await drift(old, engine)).files.find(f => f.path === 'README.md');
    expect(await readme()).toEqual({ path: 'README.md', state: 'modified', class: 'unknown' });
    expect(await readme(new GoldenPathEngine({ templatesRoot: TEMPLATES }))).toMatchObject({ class: 'merged' });
    expect((await drift(old)).summary).toMatchObject({ modified: 1, deleted: 0, added: 0 });
  });

  it('refuses a manifest naming a file outside the repository, reading nothing there', async () => {
    const old = cloneFixture(join(work, 'hostile'));
    const manifest = join(old, '.golden-path.yaml');
    writeFileSync(
      manifest,
      readFileSync(manifest, 'utf8').replace('  README.md: sha256:', '  ../../../etc/passwd: sha256:'),
    );
    await expect(drift(old)).rejects.toThrow(/"\.\.\/\.\.\/\.\.\/etc\/passwd" is not a path inside the repository/);
  });
});
