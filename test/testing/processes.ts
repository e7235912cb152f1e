// The processes a backend started, read from /proc: to check that nothing it ran outlives a kill or
// a cancel.
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Every process under `pid` (children, their children...), from /proc. */
export function descendants(pid: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc').filter(p => /^\d+$/.test(p))) {
    try {
      // /proc/<pid>/stat: "pid (comm) state ppid ..."; comm may hold spaces, so read after the last ')'.
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    } catch {
      // ended meanwhile
    }
  }
  const out: number[] = [];
  for (let todo = [pid]; todo.length;) {
    const next = todo.flatMap(p => children.get(p) ?? []);
    out.push(...next);
    todo = next;
  }
  return out;
}

/** The backend's processes running the gate: those working in the check's copy of the repository. */
export function gateProcesses(pid: number): number[] {
  const copies = join(tmpdir(), 'gp-check-');
  return descendants(pid).filter(p => {
    try {
      return readlinkSync(`/proc/${p}/cwd`).startsWith(copies);
    } catch {
      return false; // ended meanwhile, or in a sandbox we cannot look into
    }
  });
}

/** A process's command line, for messages. */
export function command(pid: number): string {
  try {
    return `${pid} ${readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ').slice(0, 120)}`;
  } catch {
    return String(pid);
  }
}
