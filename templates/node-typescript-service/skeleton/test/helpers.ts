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
