// Run by configSchema.ts as a short-lived child process: compiles the config schema of every
// package of the workspace (their config.d.ts, with TypeScript) exactly as Backstage's root logger
// does in-process, and writes it serialized to stdout. TypeScript (two copies, ~17 MB of source
// kept for the process's life) then never enters the backend itself.
import { loadConfigSchema } from '@backstage/config-loader';
import { getPackages } from '@manypkg/get-packages';

export interface ConfigSchemaOutput {
  schema: ReturnType<Awaited<ReturnType<typeof loadConfigSchema>>['serialize']>;
  /** A package's schema that did not compile (Backstage logs these as warnings and goes on). */
  warnings: string[];
}

const warnings: string[] = [];
const { packages } = await getPackages(process.cwd());
const schema = await loadConfigSchema({
  dependencies: packages.map(p => p.packageJson.name),
  onSchemaError: error => warnings.push(error.message),
});
const output: ConfigSchemaOutput = { schema: schema.serialize(), warnings };
process.stdout.write(JSON.stringify(output));
