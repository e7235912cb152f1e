/**
 * Shared by the golden-path backend plugin, its scaffolder and catalog modules, the CLI and the
 * upgrade (Node only): the embedded git remote and publishing to it, the typed `goldenPath.*` config,
 * the one git helper and the fallback author.
 */
export {
  LocalGitRemote,
  type CommitInfo,
  type IncomingLeftover,
  type LocalGitRemoteOptions,
  type PublishRequest,
  type RepoFileRef,
} from './LocalGitRemote.js';
export { listRepositories, type RepositoryName } from './repositories.js';
export {
  readGoldenPathConfig,
  readPublishTarget,
  type GoldenPathConfig,
  type PublishTarget,
} from './goldenPathConfig.js';
export { isRef, isRepoSegment } from './names.js';
export { BASE_BRANCH } from './baseBranch.js';
export { changeControl, PIPELINE_WORKFLOW, type ChangeControl, type EnvironmentSettings } from './changeControl.js';
export { gitText, runGit, type GitOptions } from './git.js';
export { commitFolder, fallbackIdentity, type CommitOptions } from './commit.js';
export {
  PullRequestStore,
  type PullRequestDraft,
  type PullRequestStoreOptions,
} from './pullRequests/PullRequestStore.js';
export { mergePullRequest, filesWithMarkers, type MergeOptions } from './pullRequests/merge.js';
export { goldenPathGateServiceRef, type GoldenPathGate } from './pullRequests/gate.js';
export { registerOwnedLocation, type LocationCatalog } from './registerOwnedLocation.js';
export { checkoutTree } from './checkoutTree.js';
export { pullRequestStoreFromConfig } from './pullRequests/fromConfig.js';
export { assertMayCreateFor } from './ownerPermission.js';
export { ownerRef } from '@golden-path/common';
export {
  ENVIRONMENTS_FILE_MAX_BYTES,
  environmentCommits,
  mainEnvironments,
  readRepositoryEnvironments,
  remoteEnvironmentsFile,
  TENANT_BRANCHES_MAX,
  type EnvironmentCommits,
  type EnvironmentsFileAt,
  type RepositoryEnvironment,
  type RepositoryEnvironments,
} from './repositoryEnvironments.js';
