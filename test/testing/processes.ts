// The processes a backend started, read from /proc: to check that nothing it ran outlives a kill or
// a cancel.
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { waitFor } from './ports.ts';

/** When each process `descendants` listed began: a pid reused since then (pids wrap fast here) is another process. */
const startTimes = new Map<number, string>();

/** `pid`'s state and start time, from /proc/<pid>/stat ("pid (comm) state ppid ..."; comm may hold spaces). */
function stat(pid: number): { state: string; ppid: number; start: string } | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    return { state: fields[0]!, ppid: Number(fields[1]), start: fields[19]! };
  } catch {
    return undefined;
  }
}

/** Whether `pid` still runs: a zombie (ended, not yet reaped by init) does not, nor a later process given its pid. */
export function processAlive(pid: number): boolean {
  const now = stat(pid);
  if (!now || now.state === 'Z') return false;
  const seen = startTimes.get(pid);
  return seen === undefined || seen === now.start;
}

/** Every process under `pid` (children, their children...), from /proc. */
export function descendants(pid: number): number[] {
  const children = new Map<number, number[]>();
  const starts = new Map<number, string>();
  for (const entry of readdirSync('/proc').filter(p => /^\d+$/.test(p))) {
    const now = stat(Number(entry));
    if (!now) continue; // ended meanwhile
    starts.set(Number(entry), now.start);
    children.set(now.ppid, [...(children.get(now.ppid) ?? []), Number(entry)]);
  }
  const out: number[] = [];
  for (let todo = [pid]; todo.length;) {
    const next = todo.flatMap(p => children.get(p) ?? []);
    out.push(...next);
    todo = next;
  }
  for (const p of out) startTimes.set(p, starts.get(p)!);
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

/** Waits up to `timeoutMs` for every one of `pids` to end; the error names those still running. */
export async function waitForEnd(what: string, pids: number[], timeoutMs: number): Promise<void> {
  await waitFor(what, async () => (pids.some(processAlive) ? undefined : true), timeoutMs).catch(error => {
    throw new Error(`${(error as Error).message}: ${pids.filter(processAlive).map(command).join(', ')}`);
  });
}
