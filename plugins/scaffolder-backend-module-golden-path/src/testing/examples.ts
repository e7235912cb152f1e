// Test helpers: an action's `*.examples.ts` as the scaffolder would run it.
import type { TemplateExample } from '@backstage/plugin-scaffolder-node';
import type { JsonObject, JsonValue } from '@backstage/types';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'yaml';

/** The repository's golden paths. */
export const TEMPLATES_ROOT = resolve(import.meta.dirname, '../../../../templates');

/** The form values of python-django-service's payments-api example: what `${{ parameters }}` holds in the examples. */
export const EXAMPLE_PARAMETERS = parse(
  readFileSync(resolve(TEMPLATES_ROOT, 'python-django-service/examples/payments-api.yaml'), 'utf8'),
) as JsonObject;

const WHOLE = /^\$\{\{\s*([\w.]+)\s*\}\}$/;
const INLINE = /\$\{\{\s*([\w.]+)\s*\}\}/g;

function lookup(path: string, scope: JsonObject): JsonValue {
  let value: JsonValue | undefined = scope;
  for (const key of path.split('.')) {
    value = value && typeof value === 'object' && !Array.isArray(value) ? value[key] : undefined;
  }
  if (value === undefined) throw new Error(`the example uses \${{ ${path} }}, which the test does not give`);
  return value;
}

/** Resolves `${{ parameters.x }}` as the scaffolder does: a whole-string expression keeps its value's type. */
function resolveExpressions(value: JsonValue, scope: JsonObject): JsonValue {
  if (typeof value === 'string') {
    const whole = WHOLE.exec(value);
    if (whole) return lookup(whole[1]!, scope);
    return value.replace(INLINE, (_m, path: string) => String(lookup(path, scope)));
  }
  if (Array.isArray(value)) return value.map(v => resolveExpressions(v, scope));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolveExpressions(v ?? null, scope)]));
  }
  return value;
}

/** The input of the example's step that runs `actionId`, with its expressions resolved against `parameters`. */
export function exampleInput(example: TemplateExample, actionId: string, parameters = EXAMPLE_PARAMETERS): JsonObject {
  const { steps } = parse(example.example) as { steps: { action: string; input?: JsonObject }[] };
  const step = steps.find(s => s.action === actionId);
  if (!step) throw new Error(`the example "${example.description}" has no ${actionId} step`);
  return resolveExpressions(step.input ?? {}, { parameters }) as JsonObject;
}
