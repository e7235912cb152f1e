import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, demoArgs, filesIn, tempDir } from './helpers.js';

const git = (dir: string, ...args: string[]) => execFileSync('git', ['-C', dir, ...args], { encoding: 'utf8' }).trim();

/** An environment where git finds no identity (no global or system config). */
function withoutGitIdentity(): NodeJS.ProcessEnv {
  const home = tempDir('gp-home-');
  return {
    HOME: home,
    XDG_CONFIG_HOME: join(home, '.config'),
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_GLOBAL: join(home, 'no-gitconfig'),
    // undefined: not passed to the process at all.
    GIT_AUTHOR_NAME: undefined,
    GIT_AUTHOR_EMAIL: undefined,
    GIT_COMMITTER_NAME: undefined,
    GIT_COMMITTER_EMAIL: undefined,
  };
}

describe('golden-path create --git', () => {
  it('creates a repository on main with exactly one commit holding every planned file', () => {
    const cwd = tempDir();
    const env = withoutGitIdentity();
    const plan = JSON.parse(cli(demoArgs('--dry-run', '--json', '--set', 'database=true'), { cwd }).stdout);
    const r = cli(demoArgs('--git', '--yes', '--set', 'database=true', '--output', 'repo'), { cwd, env });
    expect(r.stderr).not.toMatch(/error/i);
    expect(r.code).toBe(0);
    const repo = join(cwd, 'repo');
    expect(git(repo, 'rev-parse', '--abbrev-ref', 'HEAD')).toBe('main');
    expect(git(repo, 'rev-list', '--count', 'HEAD')).toBe('1');
    const committed = git(repo, 'ls-tree', '-r', '--name-only', 'HEAD').split('\n').sort();
    expect(committed).toEqual(plan.files.map((f: { path: string }) => f.path).sort());
    expect(committed).toEqual(filesIn(repo).filter(f => !f.startsWith('.git/')));
    // The executable bit is recorded in the commit too.
    expect(git(repo, 'ls-tree', 'HEAD', 'scripts/run.sh')).toMatch(/^100755 /);
    expect(git(repo, 'status', '--porcelain')).toBe('');
    // No identity configured: the fixed author, which is not written into the repository's config.
    expect(git(repo, 'log', '-1', '--format=%an <%ae>|%cn <%ce>')).toBe(
      'Golden Path <golden-path@localhost>|Golden Path <golden-path@localhost>',
    );
    expect(() => git(repo, 'config', '--local', 'user.email')).toThrow();
  });

  it("uses the person's git identity when git config has one", () => {
    const cwd = tempDir();
    const env = withoutGitIdentity();
    execFileSync('git', ['config', '--file', env.GIT_CONFIG_GLOBAL!, 'user.name', 'Ada Lovelace']);
    execFileSync('git', ['config', '--file', env.GIT_CONFIG_GLOBAL!, 'user.email', 'ada@example.com']);
    const r = cli(demoArgs('--git', '--output', 'repo', '--json'), { cwd, env });
    expect(r.code).toBe(0);
    const result = JSON.parse(r.stdout);
    expect(result.git).toMatchObject({ branch: 'main', author: 'Ada Lovelace <ada@example.com>' });
    expect(git(join(cwd, 'repo'), 'rev-parse', 'HEAD')).toBe(result.git.commit);
  });

  it('does not create a repository on --dry-run', () => {
    const cwd = tempDir();
    expect(cli(demoArgs('--git', '--dry-run'), { cwd }).code).toBe(0);
    expect(filesIn(cwd)).toEqual([]);
  });
});
