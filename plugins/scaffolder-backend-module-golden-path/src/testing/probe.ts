// A hostile conftest.py for the sandbox tests: it tries what an attacker's test would (the
// environment of every process it can see, the backend's data, writing outside its copy, the
// network) and prints what it observed on one line, then fails so that the gate's report carries
// that line (the service-tests finding holds the tail of the output).

import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

export interface ProbeTargets {
  /** A folder of the backend's (e.g. its .data) holding secret.txt. */
  dataDir: string;
  /** A folder outside the sandbox the probe tries to create a file in. */
  outsideDir: string;
  /** A TCP port on 127.0.0.1 with a listener of the test's. */
  port: number;
  /** A file whose existence proves the probe ran (created inside the sandbox: it must not appear outside). */
  marker?: string;
}

/** The places a probe reaches for, set up outside the sandbox: the backend's data with a secret, a folder outside, a listener. */
export interface ProbeSite extends ProbeTargets {
  /** What the listener saw: one entry per connection (the tests expect none). */
  connections: string[];
  close(): Promise<void>;
}

/** Makes `<root>/<dataName>/secret.txt` holding `secret`, `<root>/outside` and a listener on 127.0.0.1. */
export async function probeSite(root: string, dataName: string, secret: string): Promise<ProbeSite> {
  const dataDir = join(root, dataName);
  const outsideDir = join(root, 'outside');
  mkdirSync(dataDir);
  mkdirSync(outsideDir);
  writeFileSync(join(dataDir, 'secret.txt'), secret);
  const connections: string[] = [];
  const server = createServer(socket => {
    connections.push('connected');
    socket.destroy();
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return { dataDir, outsideDir, port, connections, close: () => new Promise(resolve => server.close(() => resolve())) };
}

export interface ProbeReport {
  uid: number;
  /** The nice value the tests run at. */
  niceness: number;
  pids: number[];
  /** /proc/<pid>/environ → its contents, or 'denied: <error>'. */
  procEnviron: Record<string, string>;
  env: Record<string, string>;
  dataDir: string | string[];
  secret: string;
  writeOutside: string;
  /** Writing into /usr (read-only) and reading /etc/shadow (not there). */
  writeSystem: string;
  shadow: string;
  marker: string;
  socket: string;
}

/** The conftest.py source. */
export function probeConftest(targets: ProbeTargets): string {
  const py = (value: string | number) => JSON.stringify(value);
  return `import glob, json, os, socket

seen = {}

def attempt(name, fn):
    try:
        seen[name] = fn()
    except Exception as e:
        seen[name] = 'denied: ' + type(e).__name__

def read_environ(path):
    with open(path, 'rb') as f:
        return f.read().decode('latin-1')

environs = {}
for path in glob.glob('/proc/*/environ'):
    try:
        environs[path] = read_environ(path)
    except Exception as e:
        environs[path] = 'denied: ' + type(e).__name__
seen['procEnviron'] = environs
seen['pids'] = sorted(int(p.split('/')[2]) for p in glob.glob('/proc/[0-9]*'))
seen['uid'] = os.getuid()
seen['niceness'] = os.nice(0)
seen['env'] = dict(os.environ)
attempt('dataDir', lambda: os.listdir(${py(targets.dataDir)}))
attempt('secret', lambda: open(os.path.join(${py(targets.dataDir)}, 'secret.txt')).read())

def write_outside():
    with open(os.path.join(${py(targets.outsideDir)}, 'written-by-the-probe'), 'w') as f:
        f.write('x')
    return 'wrote'
attempt('writeOutside', write_outside)

def write_system():
    with open('/usr/lib/written-by-the-probe', 'w') as f:
        f.write('x')
    return 'wrote'
attempt('writeSystem', write_system)
attempt('shadow', lambda: open('/etc/shadow').read())

def marker():
    path = ${py(targets.marker ?? '')}
    if not path:
        return 'none'
    with open(path, 'w') as f:
        f.write('the probe ran')
    return 'wrote'
attempt('marker', marker)

def connect():
    s = socket.create_connection(('127.0.0.1', ${targets.port}), timeout=3)
    s.sendall(b'probe')
    s.close()
    return 'connected'
attempt('socket', connect)

print('PROBE ' + json.dumps(seen), flush=True)
`;
}

/** A test file that fails, so that the output (with the probe's line) lands in the report. */
export const PROBE_TEST = 'def test_probe_ran():\n    assert False, "the probe reports in the output above"\n';

/** The probe's observations from a text holding its output (a report, a task log). */
export function probeReport(text: string): ProbeReport {
  const line = /PROBE (\{.*\})/.exec(text)?.[1];
  if (!line) throw new Error(`no PROBE line in:\n${text.slice(-3000)}`);
  return JSON.parse(line) as ProbeReport;
}
