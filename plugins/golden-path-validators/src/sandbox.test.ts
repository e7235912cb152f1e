import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { getPriority } from 'node:os';
import { describe, expect, it, onTestFinished } from 'vitest';
import { runCommand, type RunResult } from './exec.js';
import {
  endOrphanedSandboxes,
  probeSandbox,
  sandboxCommand,
  sandboxPolicy,
  sandboxProblem,
  SandboxUnavailableError,
} from './sandbox.js';
import { fixture } from './testing/fixture.js';

const MiB = 1024 * 1024;

/** Tries each limit from inside the sandbox and prints what happened, one JSON line. */
const LIMITS_PROBE = `import json, os, resource, subprocess
seen = {'niceness': os.nice(0)}
seen['limits'] = {name: resource.getrlimit(getattr(resource, 'RLIMIT_' + name))[0]
                  for name in ['CPU', 'AS', 'FSIZE', 'NPROC', 'NOFILE', 'CORE']}
try:
    block = bytearray(512 * 1024 * 1024)
    seen['memory'] = 'allocated'
except MemoryError:
    seen['memory'] = 'MemoryError'
try:
    with open('big', 'wb') as f:
        f.write(b'x' * (2 * 1024 * 1024))
    seen['fileSize'] = 'written'
except OSError as e:
    seen['fileSize'] = 'OSError ' + str(e.errno)
children = []
try:
    for i in range(40):
        children.append(subprocess.Popen(['/bin/sleep', '5']))
    seen['processes'] = 'started 40'
except OSError as e:
    seen['processes'] = 'refused after %d' % len(children)
for c in children:
    c.kill()
print(json.dumps(seen), flush=True)
while True:
    pass
`;

describe('the sandbox probe', () => {
  it('finds bubblewrap usable here (scripts/system-deps.sh installs it)', () => {
    expect(sandboxProblem()).toBeUndefined();
  });

  it('names what is missing or refused, for the gate to fail closed with', () => {
    expect(probeSandbox('/nonexistent/bwrap')).toBe('/nonexistent/bwrap is missing');
    // A "bwrap" that cannot build the sandbox (here: one that always fails).
    expect(probeSandbox('/usr/bin/false')).toBe('/usr/bin/false cannot create namespaces: exit 1');
    expect(new SandboxUnavailableError('/usr/bin/bwrap is missing').message).toBe(
      "the gate's sandbox is not available (/usr/bin/bwrap is missing): no tool runs outside it. Install bubblewrap (scripts/system-deps.sh) on a kernel that allows user namespaces.",
    );
  });

  it('is required unless GOLDEN_PATH_SANDBOX=if-available', () => {
    const saved = process.env.GOLDEN_PATH_SANDBOX;
    try {
      delete process.env.GOLDEN_PATH_SANDBOX;
      expect(sandboxPolicy()).toBe('required');
      process.env.GOLDEN_PATH_SANDBOX = 'off';
      expect(sandboxPolicy()).toBe('required');
      process.env.GOLDEN_PATH_SANDBOX = 'if-available';
      expect(sandboxPolicy()).toBe('if-available');
    } finally {
      if (saved === undefined) delete process.env.GOLDEN_PATH_SANDBOX;
      else process.env.GOLDEN_PATH_SANDBOX = saved;
    }
  });

  // RLIMIT_NPROC counts every process of the sandbox's user (uid 65534), and other tests' sandboxes
  // (terraform, trivy: Go's threads count) run as that user at the same time: a sandbox they leave no
  // room to start (bwrap's clone refused, EAGAIN) is started again, for up to three minutes.
  it('holds a tool to its CPU, memory, file size and process limits, at its nice value', async () => {
    const dir = await fixture({ 'limits.py': LIMITS_PROBE });
    let result: RunResult;
    for (const until = Date.now() + 180_000; ; await new Promise(r => setTimeout(r, 2_000))) {
      result = await runCommand('/usr/bin/python3', ['limits.py'], {
        cwd: dir,
        timeoutMs: 60_000,
        env: { PATH: '/usr/bin' },
        sandbox: {
          writable: [dir],
          limits: {
            cpuSeconds: 2,
            addressSpaceBytes: 256 * MiB,
            fileSizeBytes: MiB,
            processes: 16,
            openFiles: 64,
            niceness: 7,
          },
        },
      });
      const noRoom = result.code === 1 && /^bwrap: .*Resource temporarily unavailable/m.test(result.stderr);
      if (!noRoom || Date.now() > until) break;
    }
    expect(result.stderr).not.toMatch(/^bwrap:/m);
    // The busy loop at the end is killed at the CPU limit (SIGXCPU or, soft and hard limits being
    // equal, SIGKILL: bwrap reports 128 + the signal), not by the timeout.
    expect(result.timedOut).toBe(false);
    expect([128 + 9, 128 + 24]).toContain(result.code);
    const seen = JSON.parse(result.stdout) as Record<string, unknown>;
    expect(seen.limits).toEqual({ CPU: 2, AS: 256 * MiB, FSIZE: MiB, NPROC: 16, NOFILE: 64, CORE: 0 });
    // Niced to the limit's value (this process's own when it is nicer already).
    expect(seen.niceness).toBe(Math.max(7, getPriority()));
    expect(seen.memory).toBe('MemoryError');
    expect(seen.fileSize).toBe('OSError 27'); // EFBIG
    expect(seen.processes).toMatch(/^refused after \d+$/);
  });

  // A backend killed while a sandbox starts leaves it to init (bwrap sets its parent-death signal
  // late): the next backend ends it. Here the orphan's parent is a shell, as init would be, and a
  // sandbox started by node beside it is left alone.
  it('ends the sandboxes whose caller is gone, and only those', async () => {
    const dir = await fixture({});
    const [mine, orphan] = [`120.${process.pid}1`, `120.${process.pid}2`]; // told apart by their arguments
    const stop = new AbortController();
    const own = runCommand('/usr/bin/sleep', [mine], { cwd: dir, timeoutMs: 150_000, env: {}, signal: stop.signal });
    onTestFinished(() => stop.abort());
    own.catch(() => undefined); // aborted at the end
    const chain = await sandboxCommand('/usr/bin/sleep', [orphan], { cwd: dir, readOnly: [dir] });
    // The chain checks that its parent is the caller (its pid argument): the shell gives its own.
    const words = chain.args.map(a => (a === String(process.pid) ? '$$' : `'${a.replace(/'/g, `'"'"'`)}'`));
    // Not exec: the shell stays bwrap's parent, standing for init after the caller was killed.
    const shell = spawn('/bin/sh', ['-c', `${chain.command} ${words.join(' ')}; :`], {
      env: chain.env,
      stdio: 'ignore',
    });
    onTestFinished(() => void shell.kill('SIGKILL'));
    await expect.poll(() => [sandboxedSleep(mine), sandboxedSleep(orphan)], { timeout: 30_000 }).toEqual([true, true]);

    expect(endOrphanedSandboxes().length).toBeGreaterThanOrEqual(1);
    await expect.poll(() => sandboxedSleep(orphan), { timeout: 10_000 }).toBe(false);
    expect(sandboxedSleep(mine)).toBe(true);
    stop.abort();
  });
});

/** Whether `sleep <seconds>` runs in a sandbox (as uid 65534) now. */
function sandboxedSleep(seconds: string): boolean {
  return readdirSync('/proc')
    .filter(p => /^\d+$/.test(p))
    .some(p => {
      try {
        const status = readFileSync(`/proc/${p}/status`, 'utf8');
        const cmdline = readFileSync(`/proc/${p}/cmdline`, 'utf8');
        return (
          cmdline === `/usr/bin/sleep\0${seconds}\0` && /^Uid:\s+65534\b/m.test(status) && !/^State:\s+Z/m.test(status)
        );
      } catch {
        return false;
      }
    });
}
