import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createEnv, type EnvironmentOptions } from 'yeoman-environment';
import GoldenPathGenerator, { type GoldenPathInput } from './generator.js';
import type { CreateResult } from './output.js';

/** The namespace `yo golden-path` resolves to (package generator-golden-path, generators/app). */
export const NAMESPACE = 'golden-path:app';

const generatorFile = fileURLToPath(new URL('./generator.js', import.meta.url));

/**
 * Runs the Yeoman generator through yeoman-environment, as `yo` does: `golden-path create` and
 * `yo golden-path` share this one code path. `envOptions.adapter` lets a caller answer prompts.
 */
export async function runGenerator(
  options: GoldenPathInput,
  envOptions: EnvironmentOptions = {},
): Promise<CreateResult> {
  const env = createEnv({ skipInstall: true, ...envOptions });
  env.register(GoldenPathGenerator, {
    namespace: NAMESPACE,
    resolved: generatorFile,
    packagePath: dirname(dirname(generatorFile)),
  });
  await env.run([NAMESPACE], { skipInstall: true, skipCache: true, ...options });
  const result = env.rootGenerator<GoldenPathGenerator>().result;
  if (!result) throw new Error('the generator finished without a result');
  return result;
}
