// Structured logs: one JSON object per line on stdout, so CloudWatch Logs Insights can query every
// field. Request lines carry the request's id; query strings are never logged (they may carry
// identifiers that must not reach the logs).
import { LOG_LEVELS, type LogLevel } from './config.ts';
import { SERVICE } from './service.ts';

export type Fields = Record<string, unknown>;

export interface Logger {
  debug(msg: string, fields?: Fields): void;
  info(msg: string, fields?: Fields): void;
  warn(msg: string, fields?: Fields): void;
  error(msg: string, fields?: Fields): void;
  /** A logger that adds these fields to every line (e.g. the request id). */
  child(fields: Fields): Logger;
}

export interface LogSink {
  write(line: string): unknown;
}

export function createLogger(level: LogLevel, sink: LogSink = process.stdout, base: Fields = {}): Logger {
  const threshold = LOG_LEVELS.indexOf(level);
  const log = (at: LogLevel, msg: string, fields: Fields = {}) => {
    if (LOG_LEVELS.indexOf(at) < threshold) return;
    const line = { time: new Date().toISOString(), level: at, service: SERVICE.name, msg, ...base, ...fields };
    sink.write(`${JSON.stringify(line, errorsAsFields)}\n`);
  };
  return {
    debug: (msg, fields) => log('debug', msg, fields),
    info: (msg, fields) => log('info', msg, fields),
    warn: (msg, fields) => log('warn', msg, fields),
    error: (msg, fields) => log('error', msg, fields),
    child: fields => createLogger(level, sink, { ...base, ...fields }),
  };
}

/** Errors have no enumerable fields: log their name, message and stack. */
function errorsAsFields(_key: string, value: unknown): unknown {
  if (value instanceof Error) return { name: value.name, message: value.message, stack: value.stack };
  return value;
}
