import type { Config } from '@backstage/config';
import type { LoggerService } from '@backstage/backend-plugin-api';
import { ScmIntegrations } from '@backstage/integration';
import { TechdocsGenerator } from '@backstage/plugin-techdocs-node';
import { SandboxedMkdocsRunner } from './SandboxedMkdocsRunner.js';

/**
 * TechDocs' stock MkDocs generator (mkdocs.yml checks, sanitising, techdocs-core added when missing,
 * metadata) with the sandbox as its container. `techdocs.generator.runIn` must stay `docker` (the
 * default): `local` would run MkDocs with the backend's own environment and privileges.
 */
export function createGoldenPathTechdocsGenerator(options: {
  config: Config;
  logger: LoggerService;
  timeoutMs?: number;
}): TechdocsGenerator {
  const runIn = options.config.getOptionalString('techdocs.generator.runIn') ?? 'docker';
  if (runIn !== 'docker') {
    throw new Error(
      `techdocs.generator.runIn is "${runIn}": the golden-path TechDocs module builds docs in its sandbox, which takes the place of docker; remove the setting`,
    );
  }
  return new TechdocsGenerator({
    config: options.config,
    logger: options.logger,
    scmIntegrations: ScmIntegrations.fromConfig(options.config),
    containerRunner: new SandboxedMkdocsRunner({ timeoutMs: options.timeoutMs }),
  });
}
