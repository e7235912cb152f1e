import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LocalDiskWorkspaceProvider } from './LocalDiskWorkspaceProvider.js';

function workspace(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'gp-ws-'));
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  return dir;
}

describe('LocalDiskWorkspaceProvider', () => {
  const root = () => join(mkdtempSync(join(tmpdir(), 'gp-saved-')), 'saved');
  const id = '7c9e6679-7425-40de-944b-e07fc1f90ae7';

  it('restores the last saved workspace of a task into an empty folder, and forgets it when cleaned', async () => {
    const provider = new LocalDiskWorkspaceProvider({ root: root(), maxAgeMs: 60_000 });
    await provider.serializeWorkspace({ path: workspace({ 'a.txt': 'first' }), taskId: id });
    await provider.serializeWorkspace({ path: workspace({ 'a.txt': 'second', 'docs/b.md': 'b' }), taskId: id });
    const target = join(mkdtempSync(join(tmpdir(), 'gp-restore-')), 'work');
    await provider.rehydrateWorkspace({ taskId: id, targetPath: target });
    expect(readFileSync(join(target, 'a.txt'), 'utf8')).toBe('second');
    expect(readFileSync(join(target, 'docs/b.md'), 'utf8')).toBe('b');

    await provider.cleanWorkspace({ taskId: id });
    const again = join(mkdtempSync(join(tmpdir(), 'gp-restore-')), 'work');
    await provider.rehydrateWorkspace({ taskId: id, targetPath: again });
    expect(existsSync(again)).toBe(false);
  });

  it('refuses a task id that could name a path outside its folder', async () => {
    const provider = new LocalDiskWorkspaceProvider({ root: root(), maxAgeMs: 60_000 });
    for (const bad of ['../x', 'a/b', '', '..']) {
      await expect(provider.serializeWorkspace({ path: workspace({}), taskId: bad })).rejects.toThrow(/not a task id/);
      await expect(provider.cleanWorkspace({ taskId: bad })).rejects.toThrow(/not a task id/);
    }
  });

  it('drops copies of tasks that never completed once they are older than the limit', async () => {
    const dir = root();
    const provider = new LocalDiskWorkspaceProvider({ root: dir, maxAgeMs: 60_000 });
    await provider.serializeWorkspace({ path: workspace({ 'a.txt': 'old' }), taskId: 'old-task' });
    const old = (Date.now() - 120_000) / 1000;
    utimesSync(join(dir, 'old-task'), old, old);
    await provider.serializeWorkspace({ path: workspace({ 'a.txt': 'new' }), taskId: id });
    expect(readdirSync(dir)).toEqual([id]);
  });

  it('writes no copy when the workspace did not change since the last one, and a new one after any change', async () => {
    const dir = root();
    const provider = new LocalDiskWorkspaceProvider({ root: dir, maxAgeMs: 60_000 });
    const path = workspace({ 'a.txt': 'one', 'docs/b.md': 'b' });
    const saved = () => statSync(join(dir, id)).ino;
    await provider.serializeWorkspace({ path, taskId: id });
    const first = saved();
    await provider.serializeWorkspace({ path, taskId: id });
    expect(saved()).toBe(first);

    // Same size, written right after the save returned: the change still shows.
    writeFileSync(join(path, 'a.txt'), 'two');
    await provider.serializeWorkspace({ path, taskId: id });
    expect(saved()).not.toBe(first);
    expect(readFileSync(join(dir, id, 'a.txt'), 'utf8')).toBe('two');

    // A copy removed behind its back (another replica cleaned it) is written again.
    rmSync(join(dir, id), { recursive: true });
    await provider.serializeWorkspace({ path, taskId: id });
    expect(readFileSync(join(dir, id, 'docs/b.md'), 'utf8')).toBe('b');
  });
});
