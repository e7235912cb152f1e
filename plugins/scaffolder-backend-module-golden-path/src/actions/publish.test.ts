import { ConflictError } from '@backstage/errors';
import { LocalGitRemote } from '@golden-path/node';
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { actionContext, checkpointStore, tempDir } from '../testing/context.js';
import { createPublishAction } from './publish.js';

const git = (gitDir: string, ...args: string[]) =>
  execFileSync('git', ['--git-dir', gitDir, ...args], { encoding: 'utf8' }).trim();

describe('golden-path:publish', () => {
  let root: string;
  let remote: LocalGitRemote;
  let action: ReturnType<typeof createPublishAction>;
  const input = { repoOwner: 'acme-fintech', name: 'payments-ledger', gitCommitMessage: 'Create payments-ledger' };
  const repo = () => join(root, 'acme-fintech', 'payments-ledger.git');
  const orgEntries = () => (existsSync(join(root, 'acme-fintech')) ? readdirSync(join(root, 'acme-fintech')) : []);

  function workspace(): string {
    const ws = tempDir('gp-ws-');
    writeFileSync(join(ws, 'catalog-info.yaml'), 'kind: Component\n');
    mkdirSync(join(ws, 'scripts'));
    writeFileSync(join(ws, 'scripts', 'run.sh'), '#!/bin/sh\necho hi\n', { mode: 0o755 });
    // A file the repository's own .gitignore ignores is still published: the repo holds exactly what was rendered.
    writeFileSync(join(ws, '.gitignore'), '*.log\n');
    writeFileSync(join(ws, 'keep.log'), 'rendered on purpose\n');
    return ws;
  }

  beforeEach(() => {
    root = tempDir('gp-remote-');
    remote = new LocalGitRemote({ root, browseBaseUrl: 'http://localhost:7007/api/golden-path/git' });
    action = createPublishAction({ remote, defaultAuthor: { name: 'Golden Path', email: 'gp@localhost' } });
  });

  it('pushes the workspace to <owner>/<name>.git on main and says where the catalog reads it', async () => {
    const ws = workspace();
    const { ctx, outputs } = actionContext(input, { workspacePath: ws });
    await action.handler(ctx);
    // Committed straight into the remote: the workspace stays as rendered (no .git for the step copies).
    expect(readdirSync(ws).sort()).toEqual(['.gitignore', 'catalog-info.yaml', 'keep.log', 'scripts']);
    expect(git(repo(), 'ls-tree', '-r', '--name-only', 'main').split('\n')).toEqual([
      '.gitignore',
      'catalog-info.yaml',
      'keep.log',
      'scripts/run.sh',
    ]);
    expect(git(repo(), 'ls-tree', 'main', 'scripts/run.sh')).toMatch(/^100755/);
    expect(git(repo(), 'log', '-1', '--format=%an <%ae> %s', 'main')).toBe(
      'Golden Path <gp@localhost> Create payments-ledger',
    );
    expect(outputs).toEqual({
      remoteUrl: `file://${repo()}`,
      repoContentsUrl: 'http://localhost:7007/api/golden-path/git/acme-fintech/payments-ledger/blob/main',
      browseUrl: 'http://localhost:7007/api/golden-path/git/acme-fintech/payments-ledger/tree/main',
      commitHash: git(repo(), 'rev-parse', 'main'),
      catalogInfoUrl:
        'http://localhost:7007/api/golden-path/git/acme-fintech/payments-ledger/blob/main/catalog-info.yaml',
    });
    expect(orgEntries()).toEqual(['payments-ledger.git']);
  });

  it('refuses to overwrite an existing repository and leaves it untouched', async () => {
    await action.handler(actionContext(input, { workspacePath: workspace() }).ctx);
    const head = git(repo(), 'rev-parse', 'main');
    const second = actionContext(input, { workspacePath: workspace(), task: { id: 'another-task' } });
    const error = await action.handler(second.ctx).then(
      () => undefined,
      e => e as Error,
    );
    expect(error).toBeInstanceOf(ConflictError);
    expect(error?.message).toBe(
      'The repository acme-fintech/payments-ledger already exists in the git remote; choose another name. The existing repository was not changed.',
    );
    expect(git(repo(), 'rev-parse', 'main')).toBe(head);
    expect(orgEntries()).toEqual(['payments-ledger.git']);
  });

  it('pushes once per task: a retried step replays its checkpoint instead of publishing again', async () => {
    const store = checkpointStore();
    const first = actionContext(input, { workspacePath: workspace(), checkpoint: store.checkpoint });
    await action.handler(first.ctx);
    const retry = actionContext(input, { workspacePath: workspace(), checkpoint: store.checkpoint });
    await action.handler(retry.ctx);
    expect(store.calls).toEqual(['push.acme-fintech.payments-ledger']);
    expect(retry.outputs.commitHash).toBe(first.outputs.commitHash);
    expect(git(repo(), 'rev-list', '--count', 'main')).toBe('1');
  });

  it('recognises its own repository when a run stopped between the push and recording it', async () => {
    const first = actionContext(input, { workspacePath: workspace(), task: { id: 'task-1' } });
    await action.handler(first.ctx);
    const again = actionContext(input, { workspacePath: workspace(), task: { id: 'task-1' } });
    await action.handler(again.ctx);
    expect(again.outputs.commitHash).toBe(first.outputs.commitHash);
  });

  describe('when git fails half way (the commit written, the branches refused)', () => {
    let saved: string | undefined;
    beforeEach(() => {
      // A real git failure at the last step: every new repository gets a hook refusing ref updates.
      const template = tempDir('gp-git-template-');
      mkdirSync(join(template, 'hooks'));
      const hook = join(template, 'hooks', 'reference-transaction');
      writeFileSync(hook, '#!/bin/sh\n[ "$1" = prepared ] || exit 0\necho refused by hook >&2\nexit 1\n');
      chmodSync(hook, 0o755);
      const config = join(template, 'gitconfig');
      writeFileSync(config, `[init]\n\ttemplateDir = ${template}\n`);
      saved = process.env.GIT_CONFIG_GLOBAL;
      process.env.GIT_CONFIG_GLOBAL = config;
    });
    afterEach(() => {
      if (saved === undefined) delete process.env.GIT_CONFIG_GLOBAL;
      else process.env.GIT_CONFIG_GLOBAL = saved;
    });

    it('leaves no repository and nothing half made, and a retry completes', async () => {
      const store = checkpointStore();
      const failed = actionContext(input, { workspacePath: workspace(), checkpoint: store.checkpoint });
      await expect(action.handler(failed.ctx)).rejects.toThrow(/refused by hook/);
      expect(orgEntries()).toEqual([]);

      delete process.env.GIT_CONFIG_GLOBAL;
      const retry = actionContext(input, { workspacePath: workspace(), checkpoint: store.checkpoint });
      await action.handler(retry.ctx);
      expect(git(repo(), 'rev-parse', 'main')).toBe(retry.outputs.commitHash);
      expect(orgEntries()).toEqual(['payments-ledger.git']);
    });
  });

  it('on a dry run creates nothing, yet says where it would publish and refuses a taken name', async () => {
    const dry = actionContext(input, { workspacePath: workspace(), isDryRun: true });
    await action.handler(dry.ctx);
    expect(orgEntries()).toEqual([]);
    expect(existsSync(join(dry.workspacePath, '.git'))).toBe(false);
    expect(dry.outputs).toMatchObject({
      commitHash: '',
      catalogInfoUrl: expect.stringMatching(/payments-ledger\/blob\/main\/catalog-info\.yaml$/),
    });

    await action.handler(actionContext(input, { workspacePath: workspace() }).ctx);
    await expect(
      action.handler(actionContext(input, { workspacePath: workspace(), isDryRun: true }).ctx),
    ).rejects.toThrow(/already exists/);
  });

  it('refuses owners and names that could leave the remote', async () => {
    for (const bad of [
      { repoOwner: '..', name: 'x' },
      { repoOwner: 'acme', name: '../x' },
      { repoOwner: 'acme', name: '.incoming-x' },
    ]) {
      await expect(action.handler(actionContext(bad, { workspacePath: workspace() }).ctx)).rejects.toThrow(
        /not a valid/,
      );
    }
    expect(readdirSync(root)).toEqual([]);
  });
});
