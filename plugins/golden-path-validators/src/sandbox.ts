import { spawnSync } from 'node:child_process';
import { existsSync, lstatSync, readlinkSync } from 'node:fs';
import { chmod, lchown, lstat, readdir } from 'node:fs/promises';
import { getPriority, tmpdir } from 'node:os';
import path from 'node:path';
import { killOrphanedSandboxes } from './sandbox-orphans.js';

/**
 * The sandbox every tool of the gate runs in (the generated service's tests above all, but also
 * trivy, terraform, shellcheck, docker-compose, and the validator runner itself): bubblewrap from
 * Debian, because it needs no daemon and no setuid bit, builds the whole confinement from one
 * command line (namespaces, a read-only root assembled from allow-listed folders, a private /tmp,
 * its own /proc) and kills the sandbox when its parent dies. Limits are set with util-linux's
 * prlimit on the sandbox's first process, so they hold for everything inside (rlimits are
 * inherited across fork and exec, and a process without privileges cannot raise them).
 *
 * Confinement:
 * - an unprivileged user: uid/gid 65534 in a new user namespace; when the caller is root, the real
 *   uid is dropped to 65534 too (setpriv) before the sandbox is built, so that root-only files
 *   stay unreadable and the process limit applies (the kernel exempts real root from it);
 * - no network (a new, empty network namespace), its own PID, IPC and UTS namespaces, a new
 *   session (no TIOCSTI into the caller's terminal), killed with its parent;
 * - a read-only view of /usr, /etc's library and interpreter settings, and the folders the caller
 *   names (code, tools); writable: only the caller's own copy of the repository and a private
 *   tmpfs /tmp; nothing else of the host exists inside (no backend data, no other task's files);
 * - an environment of the caller's allow-list only, with HOME in the private /tmp;
 * - niced (SandboxLimits.niceness): the backend's own work comes first.
 */

/** The uid/gid tools run as: `nobody`. */
export const SANDBOX_UID = 65534;

const BWRAP = '/usr/bin/bwrap';
const PRLIMIT = '/usr/bin/prlimit';
const SETPRIV = '/usr/bin/setpriv';
const NICE = '/usr/bin/nice';
const SH = '/bin/sh';

/** Set inside every sandbox: a sandbox inside it cannot mount a /proc (see `sandboxCommand`). */
const INSIDE = 'GOLDEN_PATH_SANDBOXED';

/** Inside: the system's tools only (a tool outside /usr is bound and called by its absolute path). */
export const SANDBOX_PATH = '/usr/local/bin:/usr/bin:/bin';

export interface SandboxLimits {
  /** CPU seconds per process (RLIMIT_CPU); the caller's wall-clock timeout bounds the whole tree. */
  cpuSeconds: number;
  /** Address space per process (RLIMIT_AS); none for Node, whose WebAssembly reserves many GB it never uses. */
  addressSpaceBytes?: number;
  /** Largest file a process may write (RLIMIT_FSIZE). */
  fileSizeBytes: number;
  /** Processes and threads of the sandbox's user (RLIMIT_NPROC): a fork bomb stops there. */
  processes: number;
  /** Open files per process (RLIMIT_NOFILE). */
  openFiles: number;
  /**
   * The nice value the tool runs at, at least (0-19; a sandbox inside one already that nice adds
   * nothing). The gate is batch work: niced, it takes the cores the backend's own work (requests,
   * task steps, the catalog) leaves idle. Only where the backend has a CPU cgroup of its own (a
   * container): under the kernel's autogroup, each sandbox's session is a group weighed like the backend's.
   */
  niceness: number;
}

const MiB = 1024 * 1024;

/**
 * A tool's limits: generous for pytest, trivy and terraform (Go reserves address space early).
 * RLIMIT_NPROC counts the threads of every sandbox on the host (they share uid 65534): one gate's
 * tools use about 100 (Go's threads above all), so 1024 leaves room for the gates a host runs at
 * once and still stops a fork bomb.
 */
export const TOOL_LIMITS: SandboxLimits = {
  cpuSeconds: 600,
  addressSpaceBytes: 4096 * MiB,
  fileSizeBytes: 256 * MiB,
  processes: 1024,
  openFiles: 1024,
  niceness: 10,
};

export interface SandboxSpec {
  cwd: string;
  /** Code the command runs (node_modules, a tool's folder): world-readable, bound read-only at the same path. */
  code?: string[];
  /** Work folders the command reads (the repository copy), read-only at the same path. */
  readOnly?: string[];
  /** Work folders the command may write (its own copy of the repository), at the same path. */
  writable?: string[];
  /** The environment inside; PATH, HOME, TMPDIR, USER and LOGNAME are the sandbox's. */
  env: NodeJS.ProcessEnv;
  limits?: SandboxLimits;
  /** Allow a sandbox inside this one (the validator runner starts its tools in their own). */
  nested?: boolean;
}

/** What to spawn: the command line and its environment. */
export interface SandboxedCommand {
  command: string;
  args: string[];
  env: NodeJS.ProcessEnv;
}

/** Thrown when the sandbox cannot be built: the gate fails closed rather than run a tool without it. */
export class SandboxUnavailableError extends Error {
  constructor(reason: string) {
    super(
      `the gate's sandbox is not available (${reason}): no tool runs outside it. Install bubblewrap (scripts/system-deps.sh) on a kernel that allows user namespaces.`,
    );
    this.name = 'SandboxUnavailableError';
  }
}

/**
 * Whether tools must run sandboxed: GOLDEN_PATH_SANDBOX=required (the default, and what the gate's
 * runner sets) fails closed without bubblewrap; `if-available` (the CLI's `golden-path test` on a
 * developer's own templates) runs them directly where bubblewrap is missing.
 */
export function sandboxPolicy(): 'required' | 'if-available' {
  return process.env.GOLDEN_PATH_SANDBOX === 'if-available' ? 'if-available' : 'required';
}

let availability: string | undefined | null = null;

/** Why the sandbox cannot be built here, or undefined when it can (probed once per process). */
export function sandboxProblem(): string | undefined {
  if (availability === null) availability = probeSandbox(BWRAP);
  return availability;
}

/** Whether `bwrap` (with prlimit, setpriv and nice) can build a sandbox on this kernel: the reason it cannot, else undefined. */
export function probeSandbox(bwrap: string): string | undefined {
  for (const tool of [bwrap, PRLIMIT, SETPRIV, NICE]) {
    if (!existsSync(tool)) return `${tool} is missing`;
  }
  const probe = spawnSync(
    bwrap,
    ['--unshare-all', '--ro-bind', '/usr', '/usr', ...systemLinks(), '--', '/usr/bin/true'],
    {
      env: {},
      stdio: ['ignore', 'ignore', 'pipe'],
      timeout: 10_000,
    },
  );
  if (probe.status === 0) return undefined;
  return `${bwrap} cannot create namespaces: ${probe.stderr?.toString().trim() || probe.error?.message || `exit ${probe.status}`}`;
}

/** Merged-/usr systems have /bin, /lib... as links into /usr; others as folders, bound read-only. */
function systemLinks(): string[] {
  const args: string[] = [];
  for (const dir of ['/bin', '/sbin', '/lib', '/lib32', '/lib64', '/libx32']) {
    let stat;
    try {
      stat = lstatSync(dir);
    } catch {
      continue;
    }
    if (stat.isSymbolicLink()) args.push('--symlink', readlinkSync(dir), dir);
    else if (stat.isDirectory()) args.push('--ro-bind', dir, dir);
  }
  return args;
}

/** What tools read of /etc: shared-library cache, alternatives (many /usr/bin links), time zone, MIME and Python settings. */
const ETC = [
  '/etc/ld.so.cache',
  '/etc/ld.so.conf',
  '/etc/ld.so.conf.d',
  '/etc/alternatives',
  '/etc/localtime',
  '/etc/mime.types',
  '/etc/python3',
  '/etc/python3.11',
  '/etc/ssl/openssl.cnf',
];

/** Folders under which a tool is already visible in the sandbox. */
const SYSTEM_DIRS = ['/usr/', '/bin/', '/sbin/', '/lib/', '/lib64/'];

/**
 * Hands a work folder to the sandbox's user when the caller is root: it must be a temporary copy
 * (under the temporary folder), never a folder of someone's, since its files change owner. bwrap,
 * already that user, resolves every folder it binds by its path, so each temporary folder above it
 * gets the search bit for others (mkdtemp makes them 0700), which lets one pass without listing.
 */
async function giveToSandboxUser(dir: string): Promise<void> {
  const temp = path.resolve(tmpdir());
  if (!dir.startsWith(`${temp}/`)) {
    throw new SandboxUnavailableError(`${dir} is not a temporary copy (under ${temp}) to hand to the sandbox's user`);
  }
  for (let above = path.dirname(dir); above !== temp; above = path.dirname(above)) {
    const stat = await lstat(above);
    if (!(stat.mode & 0o001)) await chmod(above, (stat.mode & 0o7777) | 0o001);
  }
  if ((await lstat(dir)).uid !== SANDBOX_UID) await chownEntries(dir); // else given already (by an earlier tool)
}

async function chownEntries(dir: string): Promise<void> {
  await lchown(dir, SANDBOX_UID, SANDBOX_UID);
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) await chownEntries(full);
    else await lchown(full, SANDBOX_UID, SANDBOX_UID);
  }
}

/**
 * The one way the gate starts a program: `command` (an absolute path) and its arguments wrapped in
 * the sandbox described above. Throws SandboxUnavailableError when bubblewrap cannot run here.
 */
export async function sandboxCommand(command: string, args: string[], spec: SandboxSpec): Promise<SandboxedCommand> {
  const problem = sandboxProblem();
  if (problem) throw new SandboxUnavailableError(problem);
  const limits = spec.limits ?? TOOL_LIMITS;
  const dropRoot = process.geteuid?.() === 0;
  const writable = (spec.writable ?? []).map(d => path.resolve(d));
  const readOnly = (spec.readOnly ?? []).map(d => path.resolve(d));
  const code = (spec.code ?? []).map(d => path.resolve(d));
  if (dropRoot) {
    for (const dir of [...readOnly, ...writable]) {
      await giveToSandboxUser(dir);
    }
  }
  // The command's own folder when it is not a system tool (trivy from node_modules, node itself).
  if (!SYSTEM_DIRS.some(d => command.startsWith(d))) code.push(path.dirname(command));

  const nested = process.env[INSIDE] === '1';
  const bwrap = [
    '--unshare-all',
    '--unshare-user',
    '--uid',
    String(SANDBOX_UID),
    '--gid',
    String(SANDBOX_UID),
    '--hostname',
    'sandbox',
    '--die-with-parent',
    '--new-session',
    ...(spec.nested ? [] : ['--disable-userns']),
    '--ro-bind',
    '/usr',
    '/usr',
    ...systemLinks(),
    ...ETC.flatMap(f => ['--ro-bind-try', f, f]),
    '--dev',
    '/dev',
    // A sandbox inside a sandbox cannot mount a /proc (the outer one's is partly covered, which the
    // kernel refuses to reveal again): the inner one has none, which shows less, not more.
    ...(nested ? [] : ['--proc', '/proc']),
    '--size',
    String(512 * MiB),
    '--tmpfs',
    '/tmp',
    '--dir',
    '/tmp/home',
    ...code.flatMap(d => ['--ro-bind', d, d]),
    ...readOnly.flatMap(d => ['--ro-bind', d, d]),
    ...writable.flatMap(d => ['--bind', d, d]),
    '--chdir',
    path.resolve(spec.cwd),
    '--',
    command,
    ...args,
  ];
  const prlimit = [
    `--cpu=${limits.cpuSeconds}`,
    ...(limits.addressSpaceBytes ? [`--as=${limits.addressSpaceBytes}`] : []),
    `--fsize=${limits.fileSizeBytes}`,
    `--nproc=${limits.processes}`,
    `--nofile=${limits.openFiles}`,
    '--core=0',
  ];
  // Nice is relative and inherited: raise this process's own value to the limit's, never past it.
  const nicer = Math.max(0, limits.niceness - getPriority());
  const env: NodeJS.ProcessEnv = {
    ...spec.env,
    PATH: SANDBOX_PATH,
    HOME: '/tmp/home',
    TMPDIR: '/tmp',
    USER: 'nobody',
    LOGNAME: 'nobody',
    [INSIDE]: '1',
  };
  delete env.PYENV_ROOT;
  delete env.PYENV_VERSION;
  // Killed with its parent from the first instruction on, not only once bwrap has built the
  // namespaces: a backend killed in between (it happens under load) left a tool running to its end.
  // setpriv sets the parent-death signal (exec keeps it down to bwrap); a parent that died before
  // that is seen by the shell, whose parent is then no longer the caller, and nothing starts.
  const chain = [
    SETPRIV,
    '--pdeathsig=KILL',
    ...(dropRoot ? [`--reuid=${SANDBOX_UID}`, `--regid=${SANDBOX_UID}`, '--clear-groups', '--inh-caps=-all'] : []),
    '--',
    SH,
    '-c',
    'test "$PPID" = "$1" || exit 125; shift; exec "$@"',
    'sandbox',
    String(process.pid),
    ...(nicer > 0 ? [NICE, '-n', String(nicer)] : []),
    PRLIMIT,
    ...prlimit,
    '--',
    BWRAP,
    ...bwrap,
  ];
  return { command: chain[0]!, args: chain.slice(1), env };
}

/** Ends the sandboxes left running by a caller that was killed (see sandbox-orphans.ts): their pids. */
export function endOrphanedSandboxes(): number[] {
  return killOrphanedSandboxes(INSIDE, BWRAP);
}
