import { LocalGitRemote } from '@golden-path/node';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { actionContext, checkpointStore, tempDir } from '../testing/context.js';
import { exampleInput } from '../testing/examples.js';
import { examples } from './publish.examples.js';
import { createPublishAction, PUBLISH_ACTION_ID } from './publish.js';

const defaultAuthor = { name: 'Golden Path', email: 'gp@localhost' };

describe('golden-path:publish examples', () => {
  it.each(examples.map(e => [e.description, e] as const))('%s', async (_description, example) => {
    const input = exampleInput(example, PUBLISH_ACTION_ID) as Record<string, string>;
    const root = tempDir('gp-remote-');
    const remote = new LocalGitRemote({ root, browseBaseUrl: 'http://localhost:7007/api/golden-path/git' });
    const action = createPublishAction({ remote, defaultAuthor });
    const workspacePath = tempDir('gp-ws-');
    writeFileSync(join(workspacePath, 'catalog-info.yaml'), `kind: Component\nmetadata:\n  name: ${input.name}\n`);

    const { ctx, outputs } = actionContext(input, { workspacePath, ...checkpointStore() });
    await action.handler(ctx);

    const gitDir = join(root, input.repoOwner!, `${input.name}.git`);
    const git = (...args: string[]) => execFileSync('git', ['--git-dir', gitDir, ...args], { encoding: 'utf8' }).trim();
    expect(git('ls-tree', '-r', '--name-only', 'main')).toBe('catalog-info.yaml');
    const author = `${input.gitAuthorName ?? defaultAuthor.name} <${input.gitAuthorEmail ?? defaultAuthor.email}>`;
    expect(git('log', '-1', '--format=%an <%ae> %s', 'main')).toBe(
      `${author} ${input.gitCommitMessage ?? 'Initial commit'}`,
    );
    expect(outputs.commitHash).toBe(git('rev-parse', 'main'));
    expect(outputs.catalogInfoUrl).toBe(
      `http://localhost:7007/api/golden-path/git/${input.repoOwner}/${input.name}/blob/main/catalog-info.yaml`,
    );
  });
});
