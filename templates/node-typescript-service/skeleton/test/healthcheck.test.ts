import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { healthy } from '../src/healthcheck.ts';
import { createLogger } from '../src/logger.ts';
import { startServer } from '../src/server.ts';
import { MemorySink, testConfig } from './helpers.ts';

const SCRIPT = fileURLToPath(new URL('../src/healthcheck.ts', import.meta.url));

/** Runs the script as the container's HEALTHCHECK does; resolves to its exit status. */
function runHealthcheck(port: number): Promise<number> {
  return new Promise(resolve => {
    const child = execFile(process.execPath, [SCRIPT], { env: { ...process.env, PORT: String(port) } });
    child.on('exit', code => resolve(code ?? -1));
  });
}

describe('healthcheck', () => {
  it('is healthy when the liveness probe answers 200, and exits 0', async () => {
    const running = await startServer(testConfig(), createLogger('error', new MemorySink()));
    try {
      assert.equal(await healthy(running.port), true);
      assert.equal(await runHealthcheck(running.port), 0);
    } finally {
      await running.shutdown();
    }
  });

  it('is unhealthy when nothing listens, and exits 1', async () => {
    const running = await startServer(testConfig(), createLogger('error', new MemorySink()));
    await running.shutdown();
    assert.equal(await healthy(running.port), false);
    assert.equal(await runHealthcheck(running.port), 1);
  });

  it('is unhealthy when the probe answers anything but 200', async () => {
    const server = createServer((_req, res) => res.writeHead(503).end());
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
    try {
      assert.equal(await healthy((server.address() as AddressInfo).port), false);
    } finally {
      await new Promise(resolve => server.close(resolve));
    }
  });
});
