import type { RemoteConfig } from './LocalGitRemote.js';

export type PublishTarget = 'local' | 'github';

/**
 * Where new repositories go. The one setting is the scaffolder's environment parameter
 * `scaffolder.defaultEnvironment.parameters.publishTarget`, because the template's steps read it
 * (`${{ environment.parameters.publishTarget }}`) to choose golden-path:publish or publish:github;
 * the name check reads the same value so the two never disagree.
 */
export function publishTarget(config: RemoteConfig): PublishTarget {
  const value = config.getOptionalString('scaffolder.defaultEnvironment.parameters.publishTarget') ?? 'local';
  if (value !== 'local' && value !== 'github') {
    throw new Error(
      `scaffolder.defaultEnvironment.parameters.publishTarget must be "local" or "github", not "${value}"`,
    );
  }
  return value;
}
