import { runGit, type PullRequestStore } from '@golden-path/node';
import type { UpgradeHost } from '../actions/upgrade.js';

/**
 * The embedded remote as golden-path:upgrade's host: a bare clone of the repository (objects
 * copied, no hard links into the remote), an atomic push of the upgrade branch and the new base,
 * and a pull-request record in the store (the portal shows and merges it).
 */
export function embeddedUpgradeHost(store: PullRequestStore): UpgradeHost {
  const { remote } = store;
  return {
    async exists(owner, name) {
      return remote.exists(owner, name);
    },
    async clone(owner, name, dir) {
      await runGit(['clone', '--quiet', '--bare', '--no-hardlinks', remote.repoPath(owner, name), dir]);
    },
    async push(owner, name, dir, branches) {
      const refs = branches.map(b => `refs/heads/${b}:refs/heads/${b}`);
      await runGit(['push', '--quiet', '--atomic', remote.repoPath(owner, name), ...refs], { cwd: dir });
    },
    async openPullRequest(owner, name, draft) {
      const record = await store.create(owner, name, draft);
      return { number: record.number, url: record.url };
    },
  };
}
