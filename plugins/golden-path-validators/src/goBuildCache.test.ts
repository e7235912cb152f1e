import { existsSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { goBuildCacheSeedPath, seedGoBuildCache, waitForGoBuildCacheSeed } from './goBuildCache.js';
import { fixture, runOnly } from './testing/fixture.js';
import type { ServiceTestOptions } from './types.js';

// The go-service golden path's own test settings: the seed is the one its gates use (built once;
// by the time this file runs in CI, a backend or every-golden-path has usually built it already).
const GO_SERVICE = path.join(import.meta.dirname, '../../../templates/go-service/runtime.yaml');
const goTest = (parse(readFileSync(GO_SERVICE, 'utf8')) as { serviceTest: ServiceTestOptions }).serviceTest;

/** The service test replaced by a script, with the go-service's environment and build cache. */
const script = (command: string) => ({ runtime: { serviceTest: { ...goTest, command: ['/bin/sh', '-c', command] } } });

describe("Go's build cache for the service tests", () => {
  it('is seeded once from the standard library, and read-only to everyone but its owner', async () => {
    expect(goTest.buildCache).toBe('go');
    expect(await seedGoBuildCache(goTest)).toMatch(/^Go build cache (seed|seeded)/);
    const seed = goBuildCacheSeedPath(goTest)!;
    expect(existsSync(seed)).toBe(true);
    expect(statSync(seed).mode & 0o022).toBe(0);
    expect(await seedGoBuildCache(goTest)).toBe(await seedGoBuildCache(goTest)); // once per process
  });

  it('gives each run a writable copy, already holding the standard library, that never reaches the seed', async () => {
    await seedGoBuildCache(goTest);
    const seed = goBuildCacheSeedPath(goTest)!;
    const before = readdirSync(seed, { recursive: true }).length;
    const dir = await fixture({ 'a.txt': 'x' });
    const { result } = await runOnly(
      dir,
      'service-tests',
      script(
        [
          `test -n "$GOCACHE" && test "$GOCACHE" != ${JSON.stringify(seed)} || { echo "GOCACHE is $GOCACHE"; exit 1; }`,
          // net/http and its dependencies compiled already: nothing to build.
          `stale="$("$GO" list -f '{{.Stale}}' net/http)"; test "$stale" = false || { echo "net/http stale: $stale"; exit 1; }`,
          // What a run writes stays in its copy.
          'echo poisoned > "$GOCACHE/README" && touch "$GOCACHE/poison" && for d in "$GOCACHE"/0*; do rm -rf "$d"; done',
        ].join('\n'),
      ),
    );
    expect(result!.findings).toEqual([]);
    expect(existsSync(path.join(seed, 'poison'))).toBe(false);
    expect(readFileSync(path.join(seed, 'README'), 'utf8')).not.toContain('poisoned');
    expect(readdirSync(seed, { recursive: true })).toHaveLength(before);
  });

  it("waits for another process's seed only while its builder is alive (it touches its lock)", async () => {
    const other = { ...goTest, env: { ...goTest.env, GP_SEED_TEST: String(process.pid) } }; // a seed nobody builds
    const lock = `${goBuildCacheSeedPath(other)!}.lock`;
    try {
      writeFileSync(lock, '');
      let started = Date.now();
      expect(await waitForGoBuildCacheSeed(other, 3000)).toBeUndefined();
      expect(Date.now() - started).toBeGreaterThanOrEqual(2900); // alive: waited its whole time
      const killed = new Date(Date.now() - 5 * 60_000);
      utimesSync(lock, killed, killed);
      started = Date.now();
      expect(await waitForGoBuildCacheSeed(other, 60_000)).toBeUndefined();
      expect(Date.now() - started).toBeLessThan(5000); // left by a killed builder: no wait
    } finally {
      rmSync(lock, { force: true });
    }
  });

  it('is none for a runtime without one', async () => {
    expect(goBuildCacheSeedPath({ command: ['pytest'] })).toBeUndefined();
    expect(await seedGoBuildCache({ command: ['pytest'] })).toBe('no Go build cache for this runtime');
  });
});
