import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { EventEmitter, once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, it } from 'node:test';
import { healthy } from '../src/healthcheck.ts';
import { main } from '../src/main.ts';
import { SERVICE } from '../src/service.ts';
import { MemorySink, waitUntil } from './helpers.ts';

const LOCAL = { HOST: '127.0.0.1', PORT: '0' };

describe('main', () => {
  afterEach(() => {
    process.exitCode = 0;
  });

  it('starts the service and shuts it down on SIGTERM', async () => {
    const sink = new MemorySink();
    const signals = new EventEmitter();
    const running = await main(LOCAL, { signals, sink });
    assert.ok(running);
    assert.equal(await healthy(running.port), true);
    signals.emit('SIGTERM');
    await once(running.server, 'close');
    await new Promise(resolve => setImmediate(resolve));
    assert.deepEqual(
      sink.lines.map(l => l.msg),
      ['listening', 'shutting down', 'stopped'],
    );
    assert.equal(await healthy(running.port), false);
  });

  it('refuses to start on an invalid variable, naming it, with exit status 1', async () => {
    const sink = new MemorySink();
    assert.equal(await main({ ...LOCAL, LOG_LEVEL: 'loud' }, { signals: new EventEmitter(), sink }), undefined);
    assert.equal(process.exitCode, 1);
    assert.equal(sink.lines[0]!.msg, 'invalid configuration');
    assert.equal(sink.lines[0]!.variable, 'LOG_LEVEL');
  });

  it('exits with status 1 when it cannot listen', async () => {
    const signals = new EventEmitter();
    const first = await main(LOCAL, { signals, sink: new MemorySink() });
    const sink = new MemorySink();
    try {
      const second = await main({ ...LOCAL, PORT: String(first!.port) }, { signals: new EventEmitter(), sink });
      assert.equal(second, undefined);
      assert.equal(process.exitCode, 1);
      assert.equal(sink.lines[0]!.msg, 'could not listen');
    } finally {
      await first!.shutdown();
    }
  });
});

describe('the entry point, as the container runs it', () => {
  it('logs JSON, answers its probes, and exits 0 after draining on SIGTERM', async () => {
    const child = spawn(process.execPath, [fileURLToPath(new URL('../src/main.ts', import.meta.url))], {
      env: { ...process.env, ...LOCAL },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = once(child, 'exit');
    // A cold start of Node.js can take seconds on a busy CI runner.
    const listening = () => output.split('\n').find(l => l.includes('"listening"'));
    await waitUntil(() => !!listening(), `a "listening" line (so far: ${output})`, 30_000);
    const port = (JSON.parse(listening()!) as { port: number }).port;
    const res = await fetch(`http://127.0.0.1:${port}${SERVICE.readinessPath}`);
    assert.equal(res.status, 200);
    child.kill('SIGTERM');
    const [code] = (await exited) as [number | null];
    assert.equal(code, 0);
    const messages = output
      .trim()
      .split('\n')
      .map(l => (JSON.parse(l) as { msg: string }).msg);
    assert.deepEqual(messages.slice(-2), ['shutting down', 'stopped']);
  });
});
