import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { LoggerService } from '@backstage/backend-plugin-api';
import { loadConfigSchema, type ConfigSchema } from '@backstage/config-loader';
import type { ConfigSchemaOutput } from './configSchemaProcess.js';

// Beside this file: compiled (dist) or, in tests, its TypeScript source (Node strips the types).
const CHILD = fileURLToPath(
  new URL(`./configSchemaProcess${import.meta.url.endsWith('.ts') ? '.ts' : '.js'}`, import.meta.url),
);

/**
 * The workspace's config schema (every package's config.d.ts), compiled in a short-lived child
 * process (configSchemaProcess.ts) at each start, so it is never stale and TypeScript never loads
 * into the backend. The child gets no configuration and none of the backend's environment: it
 * reads only the packages' schema files. Any failure throws: the backend must not start without
 * the schema that says which config values are secrets to redact from its logs.
 */
export async function loadConfigSchemaInChild(logger: LoggerService, cwd = process.cwd()): Promise<ConfigSchema> {
  const env: NodeJS.ProcessEnv = process.env.NODE_PATH ? { NODE_PATH: process.env.NODE_PATH } : {};
  let stdout: string;
  try {
    ({ stdout } = await promisify(execFile)(process.execPath, [CHILD], { cwd, env, maxBuffer: 256 * 1024 * 1024 }));
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr?.trim();
    throw new Error(`Could not compile the config schema (${CHILD})${stderr ? `: ${stderr}` : ''}`, { cause: error });
  }
  const { schema, warnings } = JSON.parse(stdout) as ConfigSchemaOutput;
  for (const warning of warnings) logger.warn(warning);
  return loadConfigSchema({ serialized: schema });
}
