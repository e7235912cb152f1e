import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { createApp, pathOf } from '../src/app.ts';
import { createLogger } from '../src/logger.ts';
import { startServer, type RunningServer } from '../src/server.ts';
import { SERVICE } from '../src/service.ts';
import { MemorySink, testConfig, waitForLine } from './helpers.ts';

describe('the API', () => {
  const sink = new MemorySink();
  let running: RunningServer;
  let base: string;

  before(async () => {
    running = await startServer(testConfig({ serviceVersion: 'abc123', environment: 'staging' }), createLogger('info', sink));
    base = `http://127.0.0.1:${running.port}`;
  });
  after(() => running.shutdown());

  it('answers the liveness probe', async () => {
    const res = await fetch(`${base}${SERVICE.livenessPath}`);
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), { status: 'ok' });
  });

  it('answers the readiness probe while it can take traffic', async () => {
    const res = await fetch(`${base}${SERVICE.readinessPath}`);
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), { status: 'ready' });
  });

  it('describes the service, its version and environment', async () => {
    const res = await fetch(`${base}/api/v1/info`);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'application/json; charset=utf-8');
    assert.equal(res.headers.get('cache-control'), 'no-store');
    assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
    assert.deepEqual(await res.json(), {
      name: SERVICE.name,
      title: SERVICE.title,
      description: SERVICE.description,
      system: SERVICE.system,
      version: 'abc123',
      environment: 'staging',
    });
  });

  it('answers HEAD without a body', async () => {
    const res = await fetch(`${base}/api/v1/info`, { method: 'HEAD' });
    assert.equal(res.status, 200);
    assert.equal(await res.text(), '');
  });

  it('answers 404 in JSON for an unknown path', async () => {
    const res = await fetch(`${base}/nothing/here`);
    assert.equal(res.status, 404);
    assert.deepEqual(await res.json(), { error: 'not_found' });
  });

  it('answers 405 with Allow for a method a route does not take', async () => {
    const res = await fetch(`${base}${SERVICE.livenessPath}`, { method: 'POST' });
    assert.equal(res.status, 405);
    assert.equal(res.headers.get('allow'), 'GET, HEAD');
    assert.deepEqual(await res.json(), { error: 'method_not_allowed' });
  });

  it('returns a plain incoming request id and logs the request with it, without the query string', async () => {
    const res = await fetch(`${base}/api/v1/info?card=4111111111111111`, { headers: { 'X-Request-Id': 'trace-42' } });
    assert.equal(res.headers.get('x-request-id'), 'trace-42');
    await res.arrayBuffer();
    const line = await waitForLine(sink, l => l.request_id === 'trace-42');
    assert.equal(line.msg, 'request');
    assert.equal(line.method, 'GET');
    assert.equal(line.path, '/api/v1/info');
    assert.equal(line.status, 200);
    assert.equal(typeof line.duration_ms, 'number');
    assert.doesNotMatch(JSON.stringify(sink.lines), /4111111111111111/);
  });

  it('replaces a request id that is not plain', async () => {
    const res = await fetch(`${base}/api/v1/info`, { headers: { 'X-Request-Id': 'has space' } });
    assert.match(res.headers.get('x-request-id')!, /^[0-9a-f-]{36}$/);
  });

  it('logs the probes below info', async () => {
    const res = await fetch(`${base}${SERVICE.readinessPath}`, { headers: { 'X-Request-Id': 'probe-1' } });
    await res.arrayBuffer();
    await fetch(`${base}/nothing`, { headers: { 'X-Request-Id': 'after-probe' } }).then(r => r.arrayBuffer());
    await waitForLine(sink, l => l.request_id === 'after-probe');
    assert.equal(
      sink.lines.find(l => l.request_id === 'probe-1'),
      undefined,
    );
  });
});

describe('createApp', () => {
  let server: Server;
  const sink = new MemorySink();

  before(async () => {
    const failing = () => {
      throw new Error('readiness check exploded');
    };
    server = createServer(createApp({ config: testConfig(), logger: createLogger('info', sink), readiness: failing }));
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  });
  after(() => new Promise(resolve => server.close(resolve)));

  it('answers 500 in JSON when a handler throws, and logs the error with the request id', async () => {
    const { port } = server.address() as AddressInfo;
    const res = await fetch(`http://127.0.0.1:${port}${SERVICE.readinessPath}`, { headers: { 'X-Request-Id': 'boom-1' } });
    assert.equal(res.status, 500);
    assert.deepEqual(await res.json(), { error: 'internal_error' });
    const line = await waitForLine(sink, l => l.msg === 'request failed');
    assert.equal(line.request_id, 'boom-1');
    assert.match(JSON.stringify(line.error), /readiness check exploded/);
  });
});

describe('pathOf', () => {
  it('drops the query string', () => {
    assert.equal(pathOf('/a/b?c=d'), '/a/b');
    assert.equal(pathOf('?x'), '/');
    assert.equal(pathOf(undefined), '/');
  });
});
