import type { BackendFeature } from '@backstage/backend-plugin-api';

/**
 * Backstage's plugins are CommonJS with `exports.default = feature`. From ESM, `import()` of such a
 * package yields `{ default: module.exports }`, i.e. `{ default: { default: feature } }`. Backstage
 * unwraps both levels at run time; this helper takes the inner module so the types say the same.
 */
export function commonjs(
  module: Promise<{ default: { default: BackendFeature } }>,
): Promise<{ default: BackendFeature }> {
  return module.then(m => m.default);
}
