import { describe, expect, it } from 'vitest';
import { mergeFile } from './merge.js';
import { gitMergeText } from './merge-text.js';
import type { StoredFile } from './repo.js';

const file = (text: string, mode = 0o644): StoredFile => ({ mode, content: Buffer.from(text) });
const mergeText = gitMergeText({ ours: 'main', base: 'base', theirs: 'new' });
const lines = (...l: string[]) => `${l.join('\n')}\n`;
const BASE = lines('one', 'two', 'three', 'four', 'five', 'six');

describe('mergeFile', () => {
  it('merged: owners and golden path changing different lines merge without markers', async () => {
    const ours = file(lines('one', 'TWO (ours)', 'three', 'four', 'five', 'six'));
    const theirs = file(lines('one', 'two', 'three', 'four', 'five', 'SIX (new)'));
    const m = await mergeFile('README.md', 'merged', { base: file(BASE), ours, theirs }, mergeText);
    expect(m.outcome).toBe('merged');
    expect(m.result?.content.toString()).toBe(lines('one', 'TWO (ours)', 'three', 'four', 'five', 'SIX (new)'));
  });

  it('merged: the same line changed on both sides is a conflict committed with standard markers', async () => {
    const ours = file(lines('one', 'two (ours)', 'three', 'four', 'five', 'six'));
    const theirs = file(lines('one', 'two (new)', 'three', 'four', 'five', 'six'));
    const m = await mergeFile('README.md', 'merged', { base: file(BASE), ours, theirs }, mergeText);
    expect(m).toMatchObject({ outcome: 'conflict', reason: 'both-changed', hunks: 1 });
    expect(m.result?.content.toString()).toBe(
      lines('one', '<<<<<<< main', 'two (ours)', '=======', 'two (new)', '>>>>>>> new', 'three', 'four', 'five', 'six'),
    );
  });

  it('merged: takes the new version where owners changed nothing, keeps owners where the golden path changed nothing', async () => {
    const edited = file(`${BASE}mine\n`);
    expect(
      (await mergeFile('a', 'merged', { base: file(BASE), ours: file(BASE), theirs: edited }, mergeText)).outcome,
    ).toBe('updated');
    const kept = await mergeFile('a', 'merged', { base: file(BASE), ours: edited, theirs: file(BASE) }, mergeText);
    expect(kept).toMatchObject({ outcome: 'unchanged' });
    expect(kept.result).toBeUndefined();
  });

  it('merged: a file deleted by its owners and changed by the golden path stays deleted and is a conflict', async () => {
    const m = await mergeFile('a', 'merged', { base: file(BASE), theirs: file(`${BASE}x\n`) }, mergeText);
    expect(m).toMatchObject({ outcome: 'conflict', reason: 'deleted-locally' });
    expect(m.result).toBeUndefined();
  });

  it('merged: a file the new version drops is deleted only if the owners had not changed it', async () => {
    expect((await mergeFile('a', 'merged', { base: file(BASE), ours: file(BASE) }, mergeText)).result).toBeNull();
    const m = await mergeFile('a', 'merged', { base: file(BASE), ours: file('mine\n') }, mergeText);
    expect(m).toMatchObject({ outcome: 'conflict', reason: 'removed-upstream' });
    expect(m.result).toBeUndefined();
  });

  it("merged: a binary file changed on both sides keeps the owners' copy and is a conflict", async () => {
    const bin = (s: string) => file(`\0${s}`);
    const m = await mergeFile('logo.png', 'merged', { base: bin('a'), ours: bin('b'), theirs: bin('c') }, mergeText);
    expect(m).toMatchObject({ outcome: 'conflict', reason: 'binary' });
    expect(m.result).toBeUndefined();
  });

  it('managed: the new version replaces a local edit or deletion, reported as overwritten', async () => {
    const theirs = file(`${BASE}new\n`);
    const edited = await mergeFile('ci.yml', 'managed', { base: file(BASE), ours: file('mine\n'), theirs }, mergeText);
    expect(edited).toMatchObject({ outcome: 'overwritten', result: theirs });
    const deleted = await mergeFile('ci.yml', 'managed', { base: file(BASE), theirs }, mergeText);
    expect(deleted).toMatchObject({ outcome: 'overwritten', result: theirs });
    const pristine = await mergeFile('ci.yml', 'managed', { base: file(BASE), ours: file(BASE), theirs }, mergeText);
    expect(pristine).toMatchObject({ outcome: 'updated', result: theirs });
  });

  it('seeded: never touched after creation, even when the new version changes it; a new seeded file is added', async () => {
    const m = await mergeFile(
      'app.py',
      'seeded',
      { base: file(BASE), ours: file('mine\n'), theirs: file('new\n') },
      mergeText,
    );
    expect(m).toMatchObject({ outcome: 'kept' });
    expect(m.result).toBeUndefined();
    expect(
      (await mergeFile('app.py', 'seeded', { base: file(BASE), theirs: file('new\n') }, mergeText)).result,
    ).toBeUndefined();
    expect((await mergeFile('new.py', 'seeded', { theirs: file('new\n') }, mergeText)).outcome).toBe('added');
  });

  it('a mode change of the golden path reaches a merged file', async () => {
    const ours = file(lines('one', 'TWO', 'three', 'four', 'five', 'six'));
    const theirs = file(lines('one', 'two', 'three', 'four', 'five', 'SIX'), 0o755);
    const m = await mergeFile('run.sh', 'merged', { base: file(BASE), ours, theirs }, mergeText);
    expect(m.result?.mode).toBe(0o755);
  });
});
