import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { TestBackend } from '../testing/backend.ts';
import { freePort, waitFor } from '../testing/ports.ts';

describe('a backend that cannot start', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'gp-startup-'));
  let occupant: Server | undefined;
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
    const outcome = await TestBackend.start({ port, dataDir, readinessTimeoutMs: 540_000 }).then(
      async backend => {
        await backend.stop();
        return 'started';
      },
      (error: Error) => error.message,
    );
    // It exited rather than running on (which ends in the readiness timeout).
    expect(outcome).toMatch(/^backend exited with 1/);
    const log = await waitFor('the reason in the backend output', async () => {
      const text = readFileSync(join(dataDir, `backend-${port}.log`), 'utf8');
      return text.includes('could not start') ? text : undefined;
    });
    expect(log).toMatch(new RegExp(`The backend could not start:[^]*EADDRINUSE[^\\n]*127\\.0\\.0\\.1:${port}`));
  }, 600_000);
});
