import { execFileSync } from 'node:child_process';
import {
  chmodSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readlinkSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { copyTree, treeState } from './treeCopy.js';

const temp = () => mkdtempSync(join(tmpdir(), 'gp-tree-'));

describe('copyTree', () => {
  it('copies folders, files with their modes and links as they are (never followed)', async () => {
    const from = temp();
    mkdirSync(join(from, 'scripts/deep'), { recursive: true });
    writeFileSync(join(from, 'scripts/start.sh'), '#!/bin/sh\n');
    chmodSync(join(from, 'scripts/start.sh'), 0o755);
    writeFileSync(join(from, 'scripts/deep/a.txt'), 'a');
    symlinkSync('/etc/passwd', join(from, 'outside'));
    const to = join(temp(), 'copy');
    await copyTree(from, to);
    expect(statSync(join(to, 'scripts/start.sh')).mode & 0o777).toBe(0o755);
    expect(readFileSync(join(to, 'scripts/deep/a.txt'), 'utf8')).toBe('a');
    expect(readlinkSync(join(to, 'outside'))).toBe('/etc/passwd');
  });

  it('refuses a FIFO rather than blocking on it or leaving it out', async () => {
    const from = temp();
    execFileSync('mkfifo', [join(from, 'pipe')]);
    await expect(copyTree(from, join(temp(), 'copy'))).rejects.toThrow(/neither a file, a folder nor a link/);
  });
});

describe('treeState', () => {
  it('changes with a file added, removed, rewritten at the same size or made executable', async () => {
    const dir = temp();
    writeFileSync(join(dir, 'a.txt'), 'one');
    const states = [await treeState(dir)];
    expect(await treeState(dir)).toBe(states[0]);
    await new Promise(r => setTimeout(r, 25)); // a clock tick: see LocalDiskWorkspaceProvider
    writeFileSync(join(dir, 'a.txt'), 'two');
    states.push(await treeState(dir));
    writeFileSync(join(dir, 'b.txt'), '');
    states.push(await treeState(dir));
    chmodSync(join(dir, 'b.txt'), 0o755);
    states.push(await treeState(dir));
    expect(new Set(states).size).toBe(4);
  });
});
