// The production configuration refuses to start without its sign-in provider, database, publish
// token and docs bucket, naming each missing environment variable, before any plugin starts.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BACKEND_NODE_FLAGS, REPO_ROOT } from '../testing/backend.ts';

const NEEDED = [
  'AUTH_GITHUB_CLIENT_ID',
  'AUTH_GITHUB_CLIENT_SECRET',
  'POSTGRES_HOST',
  'POSTGRES_USER',
  'POSTGRES_PASSWORD',
  'GITHUB_TOKEN',
  'TECHDOCS_BUCKET',
];

/** Starts the compiled backend with the production configuration and this environment; waits for its exit. */
function startProduction(env: Record<string, string>) {
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => ![...NEEDED, 'NODE_ENV', 'POSTGRES_PORT'].includes(k)),
  );
  const config = ['app-config.yaml', 'app-config.production.yaml'].flatMap(f => ['--config', f]);
  const run = spawnSync(
    process.execPath,
    [...BACKEND_NODE_FLAGS, join(REPO_ROOT, 'packages/backend/dist/index.js'), ...config],
    {
      cwd: REPO_ROOT,
      env: { ...inherited, PORTAL_BASE_URL: 'https://portal.acme-fintech.example', ...env },
      encoding: 'utf8',
      timeout: 60_000,
    },
  );
  return { status: run.status, signal: run.signal, output: `${run.stdout}${run.stderr}` };
}

describe('the production configuration', () => {
  it('refuses to start with nothing set, naming every missing variable', () => {
    const { status, signal, output } = startProduction({});
    expect(signal, output).toBeNull(); // it exited by itself, not by the timeout
    expect(status).not.toBe(0);
    expect(output).toContain('The production configuration is incomplete');
    for (const name of NEEDED) expect(output).toContain(`environment variable ${name}`);
  });

  it('names only what is missing', () => {
    const { status, output } = startProduction({
      AUTH_GITHUB_CLIENT_ID: 'Iv1.0123456789abcdef',
      POSTGRES_HOST: 'db.invalid',
      POSTGRES_USER: 'backstage',
      POSTGRES_PASSWORD: 'not-a-real-password',
      TECHDOCS_BUCKET: 'acme-fintech-techdocs',
    });
    expect(status).not.toBe(0);
    const named = NEEDED.filter(name => output.includes(`environment variable ${name}`));
    expect(named).toEqual(['AUTH_GITHUB_CLIENT_SECRET', 'GITHUB_TOKEN']);
    expect(output).not.toContain('not-a-real-password');
  });
});
