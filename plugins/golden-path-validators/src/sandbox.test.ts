import { describe, expect, it } from 'vitest';
import { runCommand } from './exec.js';
import { probeSandbox, sandboxPolicy, sandboxProblem, SandboxUnavailableError } from './sandbox.js';
import { fixture } from './testing/fixture.js';

const MiB = 1024 * 1024;

/** Tries each limit from inside the sandbox and prints what happened, one JSON line. */
const LIMITS_PROBE = `import json, resource, subprocess
seen = {}
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
  // (terraform, trivy) run as that user at the same time: a start refused by their processes is retried.
  it('holds a tool to its CPU, memory, file size and process limits', { retry: 2 }, async () => {
    const dir = await fixture({ 'limits.py': LIMITS_PROBE });
    const result = await runCommand('/usr/bin/python3', ['limits.py'], {
      cwd: dir,
      timeoutMs: 60_000,
      env: { PATH: '/usr/bin' },
      sandbox: {
        writable: [dir],
        limits: { cpuSeconds: 2, addressSpaceBytes: 256 * MiB, fileSizeBytes: MiB, processes: 16, openFiles: 64 },
      },
    });
    // The busy loop at the end is killed at the CPU limit (SIGXCPU or, soft and hard limits being
    // equal, SIGKILL: bwrap reports 128 + the signal), not by the timeout.
    expect(result.timedOut).toBe(false);
    expect([128 + 9, 128 + 24]).toContain(result.code);
    const seen = JSON.parse(result.stdout) as Record<string, unknown>;
    expect(seen.limits).toEqual({ CPU: 2, AS: 256 * MiB, FSIZE: MiB, NPROC: 16, NOFILE: 64, CORE: 0 });
    expect(seen.memory).toBe('MemoryError');
    expect(seen.fileSize).toBe('OSError 27'); // EFBIG
    expect(seen.processes).toMatch(/^refused after \d+$/);
  });
});
