import { loadConfig, type Config } from '../src/config.ts';
import type { LogSink } from '../src/logger.ts';

/** The configuration the tests run with: a free port on the loopback interface. */
export function testConfig(overrides: Partial<Config> = {}): Config {
  return { ...loadConfig({ HOST: '127.0.0.1', PORT: '0' }), ...overrides };
}

/** Collects log lines, parsed. */
export class MemorySink implements LogSink {
  readonly lines: Record<string, unknown>[] = [];
  write(line: string): void {
    for (const text of line.split('\n').filter(Boolean)) this.lines.push(JSON.parse(text) as Record<string, unknown>);
  }
}

/**
 * Polls until `ready` holds: what a test waits for (a log line written after the response, a child
 * process's first line) comes later on a busy CI runner, so the bound is generous and the poll fast.
 */
export async function waitUntil(ready: () => boolean, what: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!ready()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise(resolve => setTimeout(resolve, 10));
  }
}

/** The first log line that matches, once it has been written (the access log follows the response). */
export async function waitForLine(
  sink: MemorySink,
  match: (line: Record<string, unknown>) => boolean,
): Promise<Record<string, unknown>> {
  await waitUntil(() => sink.lines.some(match), 'the log line');
  return sink.lines.find(match)!;
}
