import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existingUnpacked, isUpxPacked, unpack } from './unpacked.js';

const UPX = '/usr/bin/upx';

// A small real program packed by upx here (trivy itself takes seconds to unpack): coreutils' env.
describe.skipIf(!existsSync(UPX))('unpacking a UPX-packed tool once', () => {
  let dir: string;
  let plain: string;
  let packed: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'gp-unpacked-'));
    plain = path.join(dir, 'env');
    copyFileSync('/usr/bin/env', plain);
    packed = path.join(dir, 'env-packed');
    execFileSync(UPX, ['-1', '-q', '-o', packed, plain]);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('makes a copy that is not packed and runs as the packed program does, once', async () => {
    expect(isUpxPacked(packed)).toBe(true);
    expect(isUpxPacked(plain)).toBe(false);
    const cache = path.join(dir, 'cache', 'golden-path');
    expect(existingUnpacked(packed, cache)).toBeUndefined();

    const first = await unpack(packed, cache);
    if (!('path' in first)) throw new Error(first.problem);
    expect(first.made).toBe(true);
    expect(existingUnpacked(packed, cache)).toBe(first.path);
    expect(isUpxPacked(first.path)).toBe(false);
    expect(statSync(first.path).mode & 0o777).toBe(0o755);
    // Tools run as `nobody` in the gate's sandbox: the folders made for the copy are searchable by all.
    expect(statSync(path.dirname(cache)).mode & 0o777).toBe(0o755);
    const run = (file: string) => execFileSync(file, ['--version'], { encoding: 'utf8' });
    expect(run(first.path)).toBe(run(packed));

    const second = await unpack(packed, cache);
    expect(second).toEqual({ path: first.path, made: false });
  });

  it('unpacks once when two processes start together: the second runs the packed tool meanwhile', async () => {
    const cache = path.join(dir, 'shared-cache');
    const [a, b] = await Promise.all([unpack(packed, cache), unpack(packed, cache)]);
    expect([a, b].filter(o => 'made' in o && o.made)).toHaveLength(1);
    expect([a, b].find(o => 'problem' in o)).toEqual({
      problem: expect.stringMatching(/^another process is unpacking/) as unknown,
    });
    expect(existingUnpacked(packed, cache)).toBeDefined();
  });

  it('says why there is no copy: a tool that is not packed, or no upx', async () => {
    const cache = path.join(dir, 'other-cache');
    expect(await unpack(plain, cache)).toEqual({ problem: `${plain} is not UPX-packed` });
    expect(await unpack(packed, cache, path.join(dir, 'no-upx'))).toEqual({
      problem: `${path.join(dir, 'no-upx')} is missing (Debian package upx-ucl)`,
    });
    expect(existingUnpacked(packed, cache)).toBeUndefined();
  });
});
