import type { ChangeControlOctokit } from '../actions/githubChangeControl.js';

/** GitHub's answer to a name it does not know. */
const notFound = () => Object.assign(new Error('Not Found'), { status: 404 });

/**
 * GitHub as far as the change-control and reviewers actions talk to it: refs, teams and users by
 * name (404 for any other; every user a member of the organisation but `outsiders`), the
 * repository's grants (an outsider is invited instead, with no access), branch protection,
 * environments (refusing, as GitHub does, a required reviewer who cannot read the repository: the
 * organisation's base permission here is none); every call recorded.
 */
export function changeControlGithub(
  teams: Record<string, number> = { 'payments-team': 42 },
  users: Record<string, number> = {},
  outsiders: string[] = [],
) {
  const calls: { method: string; params: Record<string, unknown> }[] = [];
  const refs = new Map<string, string>();
  /** The repository's access: `team <slug>` or `user <login>` to its permission. */
  const access = new Map<string, string>();
  const nameOf = (names: Record<string, number>, id: number) => Object.keys(names).find(n => names[n] === id);
  /** The id GitHub knows `name` by, or its 404. */
  const idOf = (names: Record<string, number>, name: string) => {
    const id = names[name];
    if (id === undefined) throw notFound();
    return id;
  };
  const canRead = (r: { type: string; id: number }) =>
    access.has(r.type === 'Team' ? `team ${nameOf(teams, r.id)}` : `user ${nameOf(users, r.id)}`);
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
          if (!sha) throw notFound();
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
          return { data: { id: idOf(teams, p.team_slug) } };
        },
        async addOrUpdateRepoPermissionsInOrg(p) {
          record('teams.addOrUpdateRepoPermissionsInOrg', p);
          idOf(teams, p.team_slug);
          access.set(`team ${p.team_slug}`, p.permission);
        },
      },
      orgs: {
        async checkMembershipForUser(p) {
          record('orgs.checkMembershipForUser', p);
          idOf(users, p.username);
          if (outsiders.includes(p.username)) throw notFound();
        },
      },
      users: {
        async getByUsername(p) {
          record('users.getByUsername', p);
          return { data: { id: idOf(users, p.username) } };
        },
      },
      repos: {
        async addCollaborator(p) {
          record('repos.addCollaborator', p);
          idOf(users, p.username);
          if (outsiders.includes(p.username)) return { status: 201 };
          access.set(`user ${p.username}`, p.permission);
          return { status: 204 };
        },
        async updateStatusCheckProtection(p) {
          record('repos.updateStatusCheckProtection', p);
        },
        async createOrUpdateEnvironment(p) {
          record('repos.createOrUpdateEnvironment', p);
          if (p.reviewers?.some(r => !canRead(r)))
            throw Object.assign(new Error('Validation Failed: reviewers must have at least read access'), {
              status: 422,
            });
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
    access,
    of: (method: string) => calls.filter(c => c.method === method).map(c => c.params),
  };
}
