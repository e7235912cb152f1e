// Development helper: node scripts/render-dev.mjs <template> <values.yaml> <outdir>
// Renders a golden path through the built engine (npm run build:ts first). The CLI does the same with prompts.
import { readFileSync, rmSync } from 'node:fs';
import { parse } from 'yaml';
import { GoldenPathEngine } from '../plugins/golden-path-engine/dist/index.js';

const [id, valuesFile, out] = process.argv.slice(2);
if (!id || !valuesFile || !out) {
  console.error('usage: node scripts/render-dev.mjs <template> <values.yaml> <outdir>');
  process.exit(2);
}
const engine = new GoldenPathEngine({ templatesRoot: new URL('../templates', import.meta.url).pathname });
rmSync(out, { recursive: true, force: true });
try {
  const plan = engine.render(id, parse(readFileSync(valuesFile, 'utf8')) ?? {}, out);
  console.log(`rendered ${plan.files.length} files (${plan.size} bytes) into ${out}`);
} catch (e) {
  console.error(String(e.message ?? e));
  process.exit(2);
}
