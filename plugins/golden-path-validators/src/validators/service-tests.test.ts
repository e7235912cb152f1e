import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { fixture, runOnly } from '../testing/fixture.js';

const sh = (script: string, timeoutMs?: number, env?: Record<string, string>) => ({
  runtime: { serviceTest: { command: ['/bin/sh', '-c', script], timeoutMs, env } },
});

describe('service-tests validator', () => {
  afterEach(() => {
    delete process.env.GP_FAKE_SECRET;
  });

  it('does not apply without a command', async () => {
    const dir = await fixture({ 'a.txt': 'x' });
    const { result } = await runOnly(dir, 'service-tests');
    expect(result).toBeUndefined();
  });

  it("passes when the command succeeds on the repository, with the runtime's variables and without secrets", async () => {
    process.env.GP_FAKE_SECRET = 'do-not-leak';
    const dir = await fixture({ 'marker.txt': 'x' });
    const { report, result } = await runOnly(
      dir,
      'service-tests',
      sh(
        'test -f marker.txt && test "$PYTHONDONTWRITEBYTECODE" = 1 && test "$CI" = true && test -z "$GP_FAKE_SECRET" && touch .coverage',
        undefined,
        { PYTHONDONTWRITEBYTECODE: '1' },
      ),
    );
    expect(result).toMatchObject({ files: 1, findings: [] });
    expect(report.ok).toBe(true);
    // What the tests write stays out of the repository.
    expect(existsSync(path.join(dir, '.coverage'))).toBe(false);
  });

  it('reports a failure with the tail of the output', async () => {
    const dir = await fixture({ 'a.txt': 'x' });
    const { report, result } = await runOnly(
      dir,
      'service-tests',
      sh('for i in $(seq 1 100); do echo "line $i"; done; echo "1 failed" >&2; exit 3'),
    );
    expect(report.ok).toBe(false);
    const message = result!.findings[0]!.message;
    expect(message).toMatch(/failed \(exit 3\)/);
    expect(message).toContain('line 100\n1 failed');
    expect(message).not.toContain('line 1\n');
  });

  it("runs the tests with the sandbox's address space limit, or the runtime's own (addressSpaceMiB)", async () => {
    const dir = await fixture({ 'a.txt': 'x' });
    const limitIs = (kib: number) => `test "$(ulimit -v)" = ${kib} || { echo "ulimit -v is $(ulimit -v)"; exit 1; }`;
    const defaults = await runOnly(dir, 'service-tests', sh(limitIs(4096 * 1024)));
    expect(defaults.result!.findings).toEqual([]);
    const raised = sh(limitIs(8192 * 1024));
    const own = await runOnly(dir, 'service-tests', {
      runtime: { serviceTest: { ...raised.runtime.serviceTest, addressSpaceMiB: 8192 } },
    });
    expect(own.result!.findings).toEqual([]);
  });

  it('runs `node` as the Node.js running the gate, not the first node on PATH', async () => {
    const dir = await fixture({ 'a.txt': 'x' });
    const script = `process.exit(process.execPath === ${JSON.stringify(process.execPath)} ? 0 : 1)`;
    const path = process.env.PATH;
    process.env.PATH = '/usr/local/bin:/usr/bin:/bin'; // as inside the gate's sandbox
    try {
      const { result } = await runOnly(dir, 'service-tests', {
        runtime: { serviceTest: { command: ['node', '-e', script] } },
      });
      expect(result!.findings).toEqual([]);
    } finally {
      process.env.PATH = path;
    }
  });

  it('kills a command that runs past its timeout', async () => {
    const dir = await fixture({ 'a.txt': 'x' });
    const started = Date.now();
    const { result } = await runOnly(dir, 'service-tests', sh('sleep 30', 300));
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(result!.findings[0]!.message).toMatch(/timed out/);
  });

  it('is skipped, and fails the gate, when the command does not exist', async () => {
    const dir = await fixture({ 'a.txt': 'x' });
    const { report, result } = await runOnly(dir, 'service-tests', {
      runtime: { serviceTest: { command: ['gp-no-such-tool'] } },
    });
    expect(result!.skipped).toMatch(/gp-no-such-tool is not installed/);
    expect(report.ok).toBe(false);
  });
});
