import type { AuthService, HttpAuthService, PermissionsService } from '@backstage/backend-plugin-api';
import { InputError, NotFoundError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { pullRequestPaths, type PullRequestList, type PullRequestState } from '@golden-path/common';
import { assertMayCreateFor, mergePullRequest, type GoldenPathGate, type PullRequestStore } from '@golden-path/node';
import express from 'express';
import Router from 'express-promise-router';

export interface PullRequestRouterOptions {
  store: PullRequestStore;
  gate: GoldenPathGate;
  httpAuth: HttpAuthService;
  auth: AuthService;
  permissions: PermissionsService;
  catalog: Pick<CatalogService, 'getEntityByRef'>;
}

const STATES: PullRequestState[] = ['open', 'merged', 'closed'];
const one = (v: unknown): string | undefined => (typeof v === 'string' && v ? v : undefined);

/**
 * The embedded remote's upgrade pull requests (@golden-path/common's pullRequestPaths): list and
 * read for any signed-in user, merge for members of the service's owner group and the platform
 * group only (the rule that decides who may create and upgrade it). A merge runs the policy gate on
 * the merged result before main moves, and is refused with 409 and the reason otherwise.
 */
export function createPullRequestRouter(options: PullRequestRouterOptions): express.Router {
  const router = Router();
  const { store } = options;
  const number = (value: string | undefined) => {
    const n = Number(value);
    if (!Number.isSafeInteger(n) || n < 1) throw new InputError(`number: "${value}" is not a pull request number`);
    return n;
  };

  router.get(pullRequestPaths.list, async (req, res) => {
    await options.httpAuth.credentials(req, { allow: ['user', 'service'] });
    const state = one(req.query.state);
    if (state && !STATES.includes(state as PullRequestState)) {
      throw new InputError(`state: "${state}" is not one of ${STATES.join(', ')}`);
    }
    const body: PullRequestList = {
      items: await store.list({ entityRef: one(req.query.entityRef), state: state as PullRequestState | undefined }),
    };
    res.json(body);
  });

  router.get('/v1/pulls/:owner/:name/:number', async (req, res) => {
    await options.httpAuth.credentials(req, { allow: ['user', 'service'] });
    const { owner = '', name = '' } = req.params;
    const record = await store.get(owner, name, number(req.params.number));
    if (!record) throw new NotFoundError(`no pull request ${owner}/${name}#${req.params.number}`);
    res.json(record);
  });

  router.post('/v1/pulls/:owner/:name/:number/merge', async (req, res) => {
    const credentials = await options.httpAuth.credentials(req, { allow: ['user'] });
    const { owner = '', name = '' } = req.params;
    const ref = { owner, name, number: number(req.params.number) };
    const record = await store.get(owner, name, ref.number);
    if (!record) throw new NotFoundError(`no pull request ${owner}/${name}#${ref.number}`);
    // The owner as the catalog says now (a service may have changed hands since the upgrade).
    const entity = await options.catalog.getEntityByRef(record.repository.entityRef, {
      credentials: await options.auth.getOwnServiceCredentials(),
    });
    const entityOwner = typeof entity?.spec?.owner === 'string' ? entity.spec.owner : undefined;
    if (!entityOwner) throw new NotFoundError(`${record.repository.entityRef} is no longer in the catalog`);
    await assertMayCreateFor(
      options.permissions,
      entityOwner,
      credentials,
      group =>
        `you may not merge ${owner}/${name}#${ref.number}: only members of its owner ${group} and the platform group may`,
    );
    res.json(await mergePullRequest(store, ref, { gate: options.gate, mergedBy: credentials.principal.userEntityRef }));
  });

  return router;
}
