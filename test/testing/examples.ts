import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { GoldenPathEngine } from '@golden-path/engine';
import { parse } from 'yaml';

/** One example of each golden path (templates/<id>/examples/<name>.yaml): every runtime, once. */
export const EXAMPLE: Record<string, string> = {
  'python-django-service': 'payments-api',
  'node-typescript-service': 'orders-api',
  'go-service': 'inventory-api',
};

/** The values of golden path `id`'s example in EXAMPLE. */
export function exampleValues(engine: GoldenPathEngine, id: string): Record<string, unknown> {
  const gp = engine.load(id);
  return parse(readFileSync(join(gp.examplesDir, `${EXAMPLE[id]}.yaml`), 'utf8')) as Record<string, unknown>;
}
