import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { TestBackend } from '../testing/backend.ts';
import { freePort, waitFor } from '../testing/ports.ts';

// A secret config value (integrations.gitea[].password is `@visibility secret` in its package's
// config.d.ts) that every log line also carries as a field, so each line shows whether it is redacted.
const PROBE = `gp-redaction-probe-${process.pid}`;

describe('a backend that cannot start', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'gp-startup-'));
  let occupant: Server | undefined;
  let log = '';
  afterAll(() => {
    occupant?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('exits 1, naming the port in use, when it cannot bind', async () => {
    const port = await freePort();
    // An HTTP server that answers 503, so the readiness probe keeps polling until the backend exits.
    occupant = createServer((_req, res) => res.writeHead(503).end());
    await new Promise<void>(resolve => occupant!.listen(port, '127.0.0.1', resolve));

    // A long readiness wait: under load the start reaches the port late, and only an exit ends it early.
    const config = {
      backend: { logger: { meta: { probe: PROBE } } },
      integrations: { gitea: [{ host: 'gitea.invalid', username: 'gitea-user', password: PROBE }] },
    };
    const outcome = await TestBackend.start({ port, dataDir, config, readinessTimeoutMs: 540_000 }).then(
      async backend => {
        await backend.stop();
        return 'started';
      },
      (error: Error) => error.message,
    );
    // It exited rather than running on (which ends in the readiness timeout).
    expect(outcome).toMatch(/^backend exited with 1/);
    log = await waitFor('the reason in the backend output', async () => {
      const text = readFileSync(join(dataDir, `backend-${port}.log`), 'utf8');
      return text.includes('could not start') ? text : undefined;
    });
    expect(log).toMatch(new RegExp(`The backend could not start:[^]*EADDRINUSE[^\\n]*127\\.0\\.0\\.1:${port}`));
  }, 600_000);

  it('redacts the values its config schema marks secret from every log line', () => {
    // The root logger's schema is compiled in a child process (packages/backend/src/configSchema.ts).
    const lines = log.replace(/\x1b\[[0-9;]*m/g, '').split('\n');
    const found = lines.findIndex(l => /Found [1-9]\d* new secrets in config that will be redacted/.test(l));
    expect(found).toBeGreaterThanOrEqual(0);
    // Backstage logs that line before it adds what it found; every line after carries the field redacted.
    const after = lines.slice(found + 1).filter(l => l.includes('probe='));
    expect(after.length).toBeGreaterThan(0);
    for (const line of after) expect(line).toContain('probe="***"');
    expect(lines.slice(found + 1).join('\n')).not.toContain(PROBE);
  });
});
