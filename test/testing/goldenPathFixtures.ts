import { cpSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { REPO_ROOT } from './backend.js';

/** Golden paths made for tests (test/fixtures/golden-paths/<id>), e.g. one whose gate fails. */
export const FIXTURE_GOLDEN_PATHS = join(REPO_ROOT, 'test/fixtures/golden-paths');

/**
 * Backend config for the project's golden paths plus the fixtures `ids` beside them: a copy of
 * templates/ with the fixtures in it under `dir` (goldenPath.templatesRoot, which the engine, the
 * preview and the catalog's placeholders read) and app-config.yaml's catalog locations with one
 * more per fixture (Backstage replaces a config array, so the list is given whole).
 */
export function withFixtureGoldenPaths(dir: string, ids: string[]): Record<string, unknown> {
  const templatesRoot = join(dir, 'templates');
  cpSync(join(REPO_ROOT, 'templates'), templatesRoot, { recursive: true });
  for (const id of ids) cpSync(join(FIXTURE_GOLDEN_PATHS, id), join(templatesRoot, id), { recursive: true });
  const appConfig = parse(readFileSync(join(REPO_ROOT, 'app-config.yaml'), 'utf8')) as {
    catalog: { locations: unknown[] };
  };
  const fixtures = ids.map(id => ({
    type: 'file',
    target: join(templatesRoot, id, 'template.yaml'),
    rules: [{ allow: ['Template'] }],
  }));
  return {
    goldenPath: { templatesRoot },
    catalog: { locations: [...appConfig.catalog.locations, ...fixtures] },
  };
}
