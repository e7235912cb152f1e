/** Backend plugin `golden-path` and the embedded git remote that the scaffolder module and the catalog share. */
export { goldenPathPlugin as default, templatesRoot } from './plugin.js';
export {
  LocalGitRemote,
  DEFAULT_LOCAL_REMOTE_ROOT,
  type LocalGitRemoteOptions,
  type RemoteConfig,
  type RepoFileRef,
} from './remote/LocalGitRemote.js';
export { GithubRemote } from './remote/GithubRemote.js';
export { publishTarget, type PublishTarget } from './remote/publishTarget.js';
export { isRepoSegment } from './remote/names.js';
export { git } from './remote/git.js';
export { checkName, type NameCheck, type NameCheckDeps } from './service/checkName.js';
