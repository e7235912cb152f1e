import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

interface Repo {
  id: number;
  owner: string;
  name: string;
  created_at: string;
  archived: boolean;
  description: string;
}

/**
 * GitHub's REST API for repositories, served over HTTP on 127.0.0.1, as far as the golden-path
 * plugin uses it: GET and PATCH /repos/{owner}/{repo} (rename, description, archive). As GitHub does,
 * it answers a renamed repository's old name with a 301 to /repositories/{id} (until a repository is
 * created under it), refuses any change to an archived repository but unarchiving (403), a rename onto
 * a taken name (422), and a request without the token (401); it can fail archiving as an outage does
 * (`failArchive`). Every request is recorded.
 */
export async function startGithubApi(token = 'gh-test-token') {
  const repos = new Map<string, Repo>();
  const renamed = new Map<string, number>();
  const calls: { method: string; path: string; body?: Record<string, unknown> }[] = [];
  let ids = 0;
  let failArchives = 0;
  let failStatus = 502;
  const key = (owner: string, name: string) => `${owner}/${name}`.toLowerCase();
  const view = (r: Repo) => ({
    id: r.id,
    name: r.name,
    full_name: `${r.owner}/${r.name}`,
    created_at: r.created_at,
    archived: r.archived,
    description: r.description,
  });

  /** Renames or transfers a repository; its old name redirects to it, as on GitHub. */
  const move = (repo: Repo, owner: string, name: string) => {
    repos.delete(key(repo.owner, repo.name));
    renamed.set(key(repo.owner, repo.name), repo.id);
    Object.assign(repo, { owner, name });
    repos.set(key(owner, name), repo);
  };
  const send = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(JSON.stringify(body));
  };
  const read = async (req: IncomingMessage) => {
    let text = '';
    for await (const chunk of req) text += chunk;
    return text ? (JSON.parse(text) as Record<string, unknown>) : undefined;
  };

  const server = createServer(async (req, res) => {
    const path = req.url ?? '';
    const body = await read(req);
    calls.push({ method: req.method ?? '', path, ...(body ? { body } : {}) });
    if (req.headers.authorization !== `Bearer ${token}`) return send(res, 401, { message: 'Bad credentials' });
    const byId = /^\/repositories\/(\d+)$/.exec(path);
    if (byId && req.method === 'GET') {
      const repo = [...repos.values()].find(r => r.id === Number(byId[1]));
      return repo ? send(res, 200, view(repo)) : send(res, 404, { message: 'Not Found' });
    }
    const match = /^\/repos\/([^/]+)\/([^/]+)$/.exec(path);
    if (!match) return send(res, 404, { message: 'Not Found' });
    const [owner, name] = [decodeURIComponent(match[1]!), decodeURIComponent(match[2]!)];
    const repo = repos.get(key(owner, name));
    if (!repo) {
      const id = renamed.get(key(owner, name));
      if (id === undefined) return send(res, 404, { message: 'Not Found' });
      const location = `http://127.0.0.1:${(server.address() as AddressInfo).port}/repositories/${id}`;
      return send(res, 301, { message: 'Moved Permanently', url: location }, { location });
    }
    if (req.method === 'GET') return send(res, 200, view(repo));
    if (req.method !== 'PATCH' || !body) return send(res, 404, { message: 'Not Found' });
    if (repo.archived && !(Object.keys(body).length === 1 && body.archived === false))
      return send(res, 403, { message: 'Repository was archived so is read-only.' });
    if (body.archived === true && failArchives > 0) {
      failArchives--;
      return send(res, failStatus, { message: 'Server Error' });
    }
    if (typeof body.name === 'string' && body.name !== repo.name) {
      if (repos.has(key(repo.owner, body.name)))
        return send(res, 422, { message: 'Repository creation failed.', errors: [{ message: 'name already exists' }] });
      move(repo, repo.owner, body.name);
    }
    if (typeof body.description === 'string') repo.description = body.description;
    if (typeof body.archived === 'boolean') repo.archived = body.archived;
    return send(res, 200, view(repo));
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));

  return {
    apiBaseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    token,
    calls,
    /** Creates `owner/name` as GitHub would have at `createdAt`; the name no longer redirects. */
    create(owner: string, name: string, createdAt: Date) {
      renamed.delete(key(owner, name));
      repos.set(key(owner, name), {
        id: ++ids,
        owner,
        name,
        created_at: createdAt.toISOString().replace(/\.\d{3}Z$/, 'Z'),
        archived: false,
        description: '',
      });
    },
    /** Renamed (or transferred) by someone else, as in GitHub's settings: the old name redirects. */
    move(owner: string, name: string, toOwner: string, toName: string) {
      move(repos.get(key(owner, name))!, toOwner, toName);
    },
    /** The next `times` archive requests fail with `status` (an outage), changing nothing. */
    failArchive(times = 1, status = 502) {
      failArchives = times;
      failStatus = status;
    },
    /** What GitHub holds under `owner/name` now (not following renames). */
    get(owner: string, name: string) {
      const repo = repos.get(key(owner, name));
      return repo && view(repo);
    },
    /** Every repository of `owner`, by name. */
    names(owner: string) {
      return [...repos.values()].filter(r => r.owner === owner).map(r => r.name);
    },
    close: () => new Promise<void>(resolve => server.close(() => resolve())),
  };
}
