import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

/**
 * Ends the sandboxes whose caller died (a backend killed with -9). Every sandbox is killed with its
 * parent once bwrap has set that up, but bwrap clears the parent-death signal it inherits and sets
 * its own only after building the namespaces: a caller killed in that moment leaves the sandbox's
 * tool running, owned by init, to its end. A starting backend calls this (`endOrphanedSandboxes`).
 *
 * A sandbox is recognised by its first process: bwrap, with the marker every sandbox's environment
 * carries. Its parent is the program that started it (node: a backend, the CLI, a validator runner)
 * or, for the inner one, the outer bwrap; any other parent (init, a subreaper) means its caller is
 * gone. Killing that bwrap ends the whole sandbox (it is, or starts, the PID namespace's init).
 * Returns the pids killed.
 */
export function killOrphanedSandboxes(marker: string, bwrap: string): number[] {
  const killed: number[] = [];
  for (const entry of readdirSync('/proc').filter(p => /^\d+$/.test(p))) {
    const pid = Number(entry);
    try {
      if (readlinkSync(`/proc/${pid}/exe`) !== bwrap) continue;
      if (!readFileSync(`/proc/${pid}/environ`, 'latin1').split('\0').includes(`${marker}=1`)) continue;
      const parentExe = executableOf(parentOf(pid));
      if (parentExe === bwrap || /\/node$/.test(parentExe)) continue;
      process.kill(pid, 'SIGKILL');
      killed.push(pid);
    } catch {
      // ended meanwhile, or not ours to read
    }
  }
  return killed;
}

/** /proc/<pid>/stat: "pid (comm) state ppid ..."; comm may hold spaces, so read after the last ')'. */
function parentOf(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
}

/** What a process runs; '' when that cannot be read (init's, here; a parent that has just died). */
function executableOf(pid: number): string {
  try {
    return readlinkSync(`/proc/${pid}/exe`);
  } catch {
    return '';
  }
}
