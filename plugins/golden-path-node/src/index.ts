/**
 * Shared by the golden-path backend plugin, its scaffolder and catalog modules and the CLI (Node only):
 * the embedded git remote and publishing to it, the typed `goldenPath.*` config, the one git helper.
 */
export { LocalGitRemote, type LocalGitRemoteOptions, type PublishRequest, type RepoFileRef } from './LocalGitRemote.js';
export { readGoldenPathConfig, type GoldenPathConfig, type PublishTarget } from './goldenPathConfig.js';
export { isRef, isRepoSegment } from './names.js';
export { git, gitText, type GitOptions } from './git.js';
export { commitFolder, type CommitOptions } from './commit.js';
export { FALLBACK_AUTHOR } from './author.js';
