// GitHub's Git Data and Pulls APIs over a real bare repository (GitHub is unreachable here): what
// golden-path:upgrade's GitHub host calls, answered as GitHub answers, with the calls recorded.
import { execFileSync } from 'node:child_process';
import type { UpgradeOctokit } from '../upgrade/githubHost.js';

type Params = Record<string, unknown> & { owner: string; repo: string };

export class UpgradeGithub {
  readonly calls: string[] = [];
  readonly pulls: { number: number; title: string; head: string; base: string; body: string }[] = [];

  constructor(
    /** The bare repository standing for owner/repo. */
    readonly gitDir: string,
    readonly slug: string,
  ) {}

  private git(args: string[], input?: string | Buffer): string {
    return execFileSync('git', ['--git-dir', this.gitDir, ...args], {
      input,
      encoding: 'utf8',
      env: {
        ...process.env,
        GIT_AUTHOR_NAME: 'GitHub',
        GIT_AUTHOR_EMAIL: 'noreply@github.com',
        GIT_COMMITTER_NAME: 'GitHub',
        GIT_COMMITTER_EMAIL: 'noreply@github.com',
      },
    }).trim();
  }

  private check(p: Params, call: string) {
    this.calls.push(call);
    if (`${p.owner}/${p.repo}` !== this.slug) throw Object.assign(new Error('Not Found'), { status: 404 });
  }

  readonly octokit: UpgradeOctokit = {
    repos: { get: async p => this.check(p, 'repos.get') },
    git: {
      getRef: async p => {
        this.check(p, `git.getRef ${p.ref}`);
        return { data: { object: { sha: this.git(['rev-parse', `refs/${p.ref}`]) } } };
      },
      getCommit: async p => {
        this.check(p, 'git.getCommit');
        const [tree, parents = '', ...message] = this.git(['show', '-s', '--format=%T%n%P%n%B', p.commit_sha]).split(
          '\n',
        );
        return {
          data: {
            tree: { sha: tree! },
            parents: parents
              .split(' ')
              .filter(Boolean)
              .map(sha => ({ sha })),
            message: message.join('\n'),
          },
        };
      },
      getTree: async p => {
        this.check(p, 'git.getTree');
        const tree = this.git(['ls-tree', '-r', p.tree_sha])
          .split('\n')
          .filter(Boolean)
          .map(line => {
            const [meta, path] = line.split('\t') as [string, string];
            const [mode, type, sha] = meta.split(' ') as [string, string, string];
            return { path, mode, type, sha };
          });
        return { data: { truncated: false, tree } };
      },
      getBlob: async p => {
        this.check(p, 'git.getBlob');
        const content = execFileSync('git', ['--git-dir', this.gitDir, 'cat-file', 'blob', p.file_sha]);
        return { data: { content: content.toString('base64'), encoding: 'base64' } };
      },
      createBlob: async p => {
        this.check(p, 'git.createBlob');
        const sha = execFileSync('git', ['--git-dir', this.gitDir, 'hash-object', '-w', '--stdin'], {
          input: Buffer.from(p.content, 'base64'),
          encoding: 'utf8',
        }).trim();
        return { data: { sha } };
      },
      createTree: async p => {
        this.check(p, 'git.createTree');
        const index = `${this.gitDir}/fake-index-${Date.now()}`;
        const env = { ...process.env, GIT_INDEX_FILE: index };
        execFileSync('git', ['--git-dir', this.gitDir, 'read-tree', p.base_tree], { env });
        const zero = '0'.repeat(40);
        const records = p.tree
          .map(e => (e.sha ? `${e.mode} ${e.sha}\t${e.path}\0` : `0 ${zero}\t${e.path}\0`))
          .join('');
        execFileSync('git', ['--git-dir', this.gitDir, 'update-index', '-z', '--index-info'], { env, input: records });
        const sha = execFileSync('git', ['--git-dir', this.gitDir, 'write-tree'], { env, encoding: 'utf8' }).trim();
        execFileSync('rm', ['-f', index]);
        return { data: { sha } };
      },
      createCommit: async p => {
        this.check(p, 'git.createCommit');
        return {
          data: { sha: this.git(['commit-tree', p.tree, ...p.parents.flatMap(s => ['-p', s]), '-m', p.message]) },
        };
      },
      createRef: async p => {
        this.check(p, `git.createRef ${p.ref}`);
        this.git(['update-ref', p.ref, p.sha, '0'.repeat(40)]);
      },
      updateRef: async p => {
        this.check(p, `git.updateRef ${p.ref}`);
        // Without force only a fast-forward, as GitHub does.
        const old = this.git(['rev-parse', `refs/${p.ref}`]);
        if (!p.force) this.git(['merge-base', '--is-ancestor', old, p.sha]);
        this.git(['update-ref', `refs/${p.ref}`, p.sha, old]);
      },
    },
    pulls: {
      create: async p => {
        this.check(p, 'pulls.create');
        const number = this.pulls.length + 1;
        this.pulls.push({ number, title: p.title, head: p.head, base: p.base, body: p.body });
        return { data: { number, html_url: `https://github.com/${this.slug}/pull/${number}` } };
      },
    },
  };
}
