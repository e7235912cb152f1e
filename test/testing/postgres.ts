import { execFileSync, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './ports.ts';

const PG_BIN = process.env.GP_PG_BIN ?? '/usr/lib/postgresql/15/bin';

export interface Postgres {
  host: string;
  port: number;
  user: string;
  password: string;
  /** backend.database for this cluster; each prefix is a separate set of plugin databases. */
  database(prefix: string): { client: 'pg'; prefix: string; connection: Record<string, string | number> };
  /** Stops the server and deletes its folder. */
  stop(): Promise<void>;
}

/** PostgreSQL refuses to run as root: as root, run its tools as the postgres user. */
function asPostgres(cmd: string, args: string[]): [string, string[]] {
  return process.getuid?.() === 0 ? ['runuser', ['-u', 'postgres', '--', cmd, ...args]] : [cmd, args];
}

function run(cmd: string, args: string[]): void {
  const [c, a] = asPostgres(cmd, args);
  const result = spawnSync(c, a, { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`${cmd} failed (${result.status}): ${result.stderr || result.stdout}`);
}

export function postgresAvailable(): boolean {
  return existsSync(join(PG_BIN, 'initdb'));
}

/**
 * A throwaway PostgreSQL cluster in a temp folder, on a free loopback port, trust auth, its socket in
 * the same folder (so nothing outside it is touched). Stopped and deleted by stop().
 */
export async function startPostgres(): Promise<Postgres> {
  if (!postgresAvailable()) throw new Error(`PostgreSQL not found in ${PG_BIN} (set GP_PG_BIN)`);
  const dir = mkdtempSync(join(tmpdir(), 'gp-pg-'));
  if (process.getuid?.() === 0) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    chownSync(dir, uid, gid);
  }
  const data = join(dir, 'data');
  const port = await freePort();
  run(join(PG_BIN, 'initdb'), ['-D', data, '-U', 'postgres', '--auth=trust', '--no-sync', '-E', 'UTF8', '--locale=C']);
  run(join(PG_BIN, 'pg_ctl'), [
    '-D',
    data,
    '-l',
    join(dir, 'server.log'),
    '-w',
    '-t',
    '60',
    '-o',
    `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200`,
    'start',
  ]);
  const connection = { host: '127.0.0.1', port, user: 'postgres', password: 'unused-trust-auth' };
  return {
    ...connection,
    database: prefix => ({ client: 'pg', prefix, connection }),
    async stop() {
      try {
        run(join(PG_BIN, 'pg_ctl'), ['-D', data, '-m', 'immediate', '-w', 'stop']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
