import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from './errors.js';

type Options = NonNullable<ParseArgsConfig['options']>;

/** Strict flag parsing: an unknown flag or a missing flag value is a usage error (exit 2). */
export function parseFlags<O extends Options>(argv: string[], options: O, command: string) {
  try {
    return parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (e) {
    throw new UsageError(
      `${(e as Error).message.replace(/\. To specify.*$/s, '')}\nRun "golden-path ${command} --help" for the flags.`,
    );
  }
}

/** Common flags of every command. */
export const commonFlags = {
  help: { type: 'boolean', short: 'h' },
  json: { type: 'boolean' },
  templates: { type: 'string' },
} as const satisfies Options;
