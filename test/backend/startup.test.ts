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

  it('exits 1 at once, naming the port in use, when it cannot bind', async () => {
    const port = await freePort();
    // An HTTP server that answers 503, so the readiness probe keeps polling until the backend exits.
    occupant = createServer((_req, res) => res.writeHead(503).end());
    await new Promise<void>(resolve => occupant!.listen(port, '127.0.0.1', resolve));

    const began = Date.now();
    const outcome = await TestBackend.start({ port, dataDir }).then(
      async backend => {
        await backend.stop();
        return 'started';
      },
      (error: Error) => error.message,
    );
    expect(outcome).toMatch(/^backend exited with 1/);
    // Well before the 150 s readiness timeout: it exited rather than running on.
    expect(Date.now() - began).toBeLessThan(120_000);
    const log = await waitFor('the reason in the backend output', async () => {
      const text = readFileSync(join(dataDir, `backend-${port}.log`), 'utf8');
      return text.includes('could not start') ? text : undefined;
    });
    expect(log).toMatch(new RegExp(`The backend could not start:[^]*EADDRINUSE[^\\n]*127\\.0\\.0\\.1:${port}`));
  }, 200_000);
});
