import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { UsageError } from './errors.js';

/** packages/cli/../../templates: the monorepo's golden paths, found from this file (dist/ or src/). */
export const defaultTemplatesRoot = resolve(fileURLToPath(new URL('.', import.meta.url)), '../../../templates');

/** `--templates DIR`, else $GOLDEN_PATH_TEMPLATES, else the monorepo's templates/ folder. */
export function templatesRoot(flag?: string, env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): string {
  const chosen = flag || env.GOLDEN_PATH_TEMPLATES;
  const dir = chosen ? resolve(cwd, chosen) : defaultTemplatesRoot;
  if (!existsSync(dir)) {
    const how = flag ? '--templates' : env.GOLDEN_PATH_TEMPLATES ? 'GOLDEN_PATH_TEMPLATES' : 'the default';
    throw new UsageError(`templates folder ${dir} (from ${how}) does not exist; pass --templates DIR`);
  }
  return dir;
}
