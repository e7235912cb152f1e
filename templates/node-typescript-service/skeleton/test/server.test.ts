import assert from 'node:assert/strict';
import { connect, type Socket } from 'node:net';
import { describe, it } from 'node:test';
import { createLogger } from '../src/logger.ts';
import { startServer } from '../src/server.ts';
import { SERVICE } from '../src/service.ts';
import { MemorySink, testConfig } from './helpers.ts';

/** A connection that has sent part of a request: the server holds it as active, not idle. */
async function halfRequest(port: number, path: string): Promise<{ socket: Socket; response: Promise<string> }> {
  const socket = connect(port, '127.0.0.1');
  await new Promise(resolve => socket.once('connect', resolve));
  socket.write(`GET ${path} HTTP/1.1\r\nHost: localhost\r\n`);
  const response = new Promise<string>(resolve => {
    let text = '';
    socket.on('data', chunk => (text += chunk.toString()));
    socket.on('close', () => resolve(text));
  });
  return { socket, response };
}

describe('startServer', () => {
  it('on shutdown stops accepting, reports not ready to requests in flight, and lets them finish', async () => {
    const running = await startServer(testConfig(), createLogger('error', new MemorySink()));
    const { socket, response } = await halfRequest(running.port, SERVICE.readinessPath);
    const stopped = running.shutdown();
    assert.equal(running.shutdown(), stopped);
    await assert.rejects(fetch(`http://127.0.0.1:${running.port}${SERVICE.livenessPath}`));
    socket.write('\r\n');
    const text = await response;
    assert.match(text, /^HTTP\/1\.1 503 /);
    assert.match(text, /"status":"not_ready","reason":"shutting down"/);
    await stopped;
  });

  it('closes connections still open after the shutdown timeout, and says so', async () => {
    const sink = new MemorySink();
    const running = await startServer(testConfig({ shutdownTimeoutMs: 50 }), createLogger('info', sink));
    const { response } = await halfRequest(running.port, '/api/v1/info');
    await running.shutdown();
    assert.equal(await response, '');
    assert.ok(sink.lines.some(l => l.level === 'warn' && l.timeout_ms === 50));
  });

  it('fails to start on a port in use', async () => {
    const first = await startServer(testConfig(), createLogger('error', new MemorySink()));
    try {
      await assert.rejects(startServer(testConfig({ port: first.port }), createLogger('error', new MemorySink())), {
        code: 'EADDRINUSE',
      });
    } finally {
      await first.shutdown();
    }
  });
});
