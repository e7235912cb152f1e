import type { ChangeControlOctokit } from '../actions/githubChangeControl.js';

/**
 * GitHub as far as the change-control and reviewers actions talk to it: refs, teams and users by
 * name (404 for any other), branch protection, environments; every call recorded.
 */
export function fakeGithub(
  teams: Record<string, number> = { 'payments-team': 42 },
  users: Record<string, number> = {},
) {
  const calls: { method: string; params: Record<string, unknown> }[] = [];
  const refs = new Map<string, string>();
  const record = (method: string, params: object) => calls.push({ method, params: { ...params } });
  const client: ChangeControlOctokit = {
    rest: {
      git: {
        async createRef(p) {
          record('git.createRef', p);
          if (refs.has(p.ref)) throw Object.assign(new Error('Reference already exists'), { status: 422 });
          refs.set(p.ref, p.sha);
        },
        async getRef(p) {
          const sha = refs.get(`refs/${p.ref}`);
          if (!sha) throw Object.assign(new Error('Not Found'), { status: 404 });
          return { data: { object: { sha } } };
        },
      },
      actions: {
        async setCustomOidcSubClaimForRepo(p) {
          record('actions.setCustomOidcSubClaimForRepo', p);
        },
      },
      teams: {
        async getByName(p) {
          record('teams.getByName', p);
          const id = teams[p.team_slug];
          if (id === undefined) throw Object.assign(new Error('Not Found'), { status: 404 });
          return { data: { id } };
        },
      },
      users: {
        async getByUsername(p) {
          record('users.getByUsername', p);
          const id = users[p.username];
          if (id === undefined) throw Object.assign(new Error('Not Found'), { status: 404 });
          return { data: { id } };
        },
      },
      repos: {
        async updateStatusCheckProtection(p) {
          record('repos.updateStatusCheckProtection', p);
        },
        async createOrUpdateEnvironment(p) {
          record('repos.createOrUpdateEnvironment', p);
        },
        async createDeploymentBranchPolicy(p) {
          record('repos.createDeploymentBranchPolicy', p);
        },
      },
    },
  };
  const github = async (repoUrl: string) => {
    const url = new URL(`https://${repoUrl}`);
    return { client, owner: url.searchParams.get('owner')!, repo: url.searchParams.get('repo')! };
  };
  return {
    github,
    client,
    calls,
    refs,
    of: (method: string) => calls.filter(c => c.method === method).map(c => c.params),
  };
}
