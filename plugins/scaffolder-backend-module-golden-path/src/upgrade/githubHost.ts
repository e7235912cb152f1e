import type { PullRequestRecord } from '@golden-path/common';
import { BASE_BRANCH, gitText, runGit } from '@golden-path/node';
import { writeCommit } from '@golden-path/upgrade';
import type { UpgradeDraft, UpgradeHost } from '../actions/upgrade.js';

/** What golden-path:upgrade needs of Octokit (the Git Data and Pulls APIs), as publish:github:pull-request uses it. */
export interface UpgradeOctokit {
  repos: { get(p: { owner: string; repo: string }): Promise<unknown> };
  git: {
    getRef(p: { owner: string; repo: string; ref: string }): Promise<{ data: { object: { sha: string } } }>;
    getCommit(p: { owner: string; repo: string; commit_sha: string }): Promise<{
      data: { tree: { sha: string }; parents: { sha: string }[]; message: string };
    }>;
    getTree(p: { owner: string; repo: string; tree_sha: string; recursive: 'true' }): Promise<{
      data: { truncated: boolean; tree: { path: string; mode: string; type: string; sha: string }[] };
    }>;
    getBlob(p: {
      owner: string;
      repo: string;
      file_sha: string;
    }): Promise<{ data: { content: string; encoding: string } }>;
    createBlob(p: {
      owner: string;
      repo: string;
      content: string;
      encoding: 'base64';
    }): Promise<{ data: { sha: string } }>;
    createTree(p: {
      owner: string;
      repo: string;
      base_tree: string;
      tree: { path: string; mode: '100644' | '100755'; type: 'blob'; sha: string | null }[];
    }): Promise<{ data: { sha: string } }>;
    createCommit(p: { owner: string; repo: string; message: string; tree: string; parents: string[] }): Promise<{
      data: { sha: string };
    }>;
    createRef(p: { owner: string; repo: string; ref: string; sha: string }): Promise<unknown>;
    updateRef(p: { owner: string; repo: string; ref: string; sha: string; force: boolean }): Promise<unknown>;
  };
  pulls: {
    create(p: { owner: string; repo: string; title: string; head: string; base: string; body: string }): Promise<{
      data: { number: number; html_url: string };
    }>;
  };
}

/** Commits of golden-path/base copied at most (the renders since creation; a service sees a few). */
const MAX_BASE_COMMITS = 50;

/** The pull request's text: what the portal's page shows for an embedded-remote record. */
export function pullRequestBody(d: UpgradeDraft): string {
  const lines = [`Upgrade from ${d.template} ${d.fromVersion} to ${d.toVersion}, made by golden-path:upgrade.`, ''];
  if (d.conflicts.length) {
    lines.push('### Conflicts (resolve on this branch before merging)', '');
    for (const c of d.conflicts) lines.push(`- \`${c.path}\` (${c.class}): ${c.reason}`);
    lines.push('');
  }
  lines.push('### Files', '', '| file | class | outcome |', '| --- | --- | --- |');
  for (const f of d.files) lines.push(`| \`${f.path}\` | ${f.class} | ${f.outcome} |`);
  if (d.gate) {
    lines.push('', `### Policy gate on the merged result: ${d.gate.passed ? 'passes' : 'fails'}`, '');
    for (const v of d.gate.validators)
      lines.push(`- ${v.passed ? 'pass' : 'FAIL'} ${v.validator}${v.errors ? ` (${v.errors} errors)` : ''}`);
    if (d.gate.error) lines.push(`- ${d.gate.error}`);
  }
  for (const e of d.changelog)
    lines.push('', `### ${d.template} ${e.version} (${e.date})`, '', ...e.changes.map(c => `- ${c}`));
  return `${lines.join('\n')}\n`;
}

/**
 * GitHub as golden-path:upgrade's host, through its API only (no token ever reaches a git
 * process): main and golden-path/base are copied into a local bare repository (their trees, and
 * base's renders one commit each), the upgrade runs there, and its two new commits are recreated on
 * GitHub from the files they change (blobs, a tree over the parent's, a commit), golden-path/base
 * moved without force and the upgrade branch created; then a real pull request is opened.
 */
export function githubUpgradeHost(octokit: (owner: string, repo: string) => Promise<UpgradeOctokit>): UpgradeHost {
  /** Local commit → GitHub commit, per local copy (a copy lives for one task step). */
  const copies = new Map<string, Map<string, string>>();

  return {
    async exists(owner, repo) {
      const client = await octokit(owner, repo);
      return client.repos.get({ owner, repo }).then(
        () => true,
        (error: { status?: number }) => {
          if (error.status === 404) return false;
          throw error;
        },
      );
    },

    async clone(owner, repo, dir) {
      const client = await octokit(owner, repo);
      await runGit(['init', '--quiet', '--bare', dir]);
      const mapping = new Map<string, string>();
      const blobs = new Map<string, string>(); // GitHub blob sha → local object
      /** A GitHub commit's files as one local commit on `parent`. */
      const copy = async (sha: string, parent?: string): Promise<string> => {
        const { data: commit } = await client.git.getCommit({ owner, repo, commit_sha: sha });
        const { data: tree } = await client.git.getTree({ owner, repo, tree_sha: commit.tree.sha, recursive: 'true' });
        if (tree.truncated)
          throw new Error(`${owner}/${repo}: the tree of ${sha} is too large to read through the API`);
        const changes = new Map<string, { mode: number; content: Buffer }>();
        for (const entry of tree.tree.filter(e => e.type === 'blob')) {
          const { data } = await client.git.getBlob({ owner, repo, file_sha: entry.sha });
          blobs.set(entry.sha, entry.sha);
          changes.set(entry.path, {
            mode: entry.mode === '100755' ? 0o755 : 0o644,
            content: Buffer.from(data.content, 'base64'),
          });
        }
        const local = await writeCommit(dir, { changes, parents: parent ? [parent] : [], message: commit.message });
        mapping.set(local, sha);
        return local;
      };
      const chain: string[] = [];
      let at: string | undefined = (await client.git.getRef({ owner, repo, ref: `heads/${BASE_BRANCH}` })).data.object
        .sha;
      while (at && chain.length < MAX_BASE_COMMITS) {
        chain.unshift(at);
        const { data } = await client.git.getCommit({ owner, repo, commit_sha: at });
        at = data.parents[0]?.sha;
      }
      let baseTip: string | undefined;
      for (const sha of chain) baseTip = await copy(sha, baseTip);
      const main = (await client.git.getRef({ owner, repo, ref: 'heads/main' })).data.object.sha;
      const localMain = await copy(main);
      const moves = [`update refs/heads/main ${localMain}`, `update refs/heads/${BASE_BRANCH} ${baseTip}`];
      await runGit(['update-ref', '--stdin'], { cwd: dir, input: `${moves.join('\n')}\n` });
      copies.set(dir, mapping);
    },

    async push(owner, repo, dir, branches) {
      const client = await octokit(owner, repo);
      const mapping = copies.get(dir);
      if (!mapping) throw new Error(`${dir} is not a copy this host made`);
      // golden-path/base first: an upgrade run again finds its render there and reuses it.
      for (const branch of [...branches].sort((a, b) => Number(b === BASE_BRANCH) - Number(a === BASE_BRANCH))) {
        const local = await gitText(['rev-parse', `refs/heads/${branch}`], { cwd: dir });
        if (mapping.has(local)) continue; // unchanged
        const parent = await gitText(['rev-parse', `${local}^`], { cwd: dir });
        const remoteParent = mapping.get(parent);
        if (!remoteParent) throw new Error(`${branch}'s parent ${parent} is not a commit read from ${owner}/${repo}`);
        const diff = (await runGit(['diff-tree', '-r', '-z', '--no-renames', parent, local], { cwd: dir })).stdout
          .toString('utf8')
          .split('\0')
          .filter(Boolean);
        const tree: Parameters<UpgradeOctokit['git']['createTree']>[0]['tree'] = [];
        for (let i = 0; i + 1 < diff.length; i += 2) {
          const [, mode, , oid, status] = diff[i]!.split(/\s+/);
          const path = diff[i + 1]!;
          if (status === 'D') {
            tree.push({ path, mode: '100644', type: 'blob', sha: null });
            continue;
          }
          const content = (await runGit(['cat-file', 'blob', oid!], { cwd: dir })).stdout.toString('base64');
          const { data } = await client.git.createBlob({ owner, repo, content, encoding: 'base64' });
          tree.push({ path, mode: mode === '100755' ? '100755' : '100644', type: 'blob', sha: data.sha });
        }
        const { data: parentCommit } = await client.git.getCommit({ owner, repo, commit_sha: remoteParent });
        const { data: newTree } = await client.git.createTree({ owner, repo, base_tree: parentCommit.tree.sha, tree });
        const message = await gitText(['log', '-1', '--format=%B', local], { cwd: dir });
        const { data: commit } = await client.git.createCommit({
          owner,
          repo,
          message,
          tree: newTree.sha,
          parents: [remoteParent],
        });
        if (branch === BASE_BRANCH) {
          await client.git.updateRef({ owner, repo, ref: `heads/${branch}`, sha: commit.sha, force: false });
        } else {
          await client.git.createRef({ owner, repo, ref: `refs/heads/${branch}`, sha: commit.sha });
        }
        mapping.set(local, commit.sha);
      }
    },

    async openPullRequest(owner, repo, draft): Promise<Pick<PullRequestRecord, 'number' | 'url'>> {
      const client = await octokit(owner, repo);
      const { data } = await client.pulls.create({
        owner,
        repo,
        title: draft.title,
        head: draft.branch,
        base: draft.base,
        body: pullRequestBody(draft),
      });
      return { number: data.number, url: data.html_url };
    },
  };
}
