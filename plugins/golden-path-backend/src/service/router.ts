import { InputError, NotFoundError } from '@backstage/errors';
import express from 'express';
import Router from 'express-promise-router';
import type { LocalGitRemote } from '../remote/LocalGitRemote.js';
import { treePage } from './browse.js';
import { checkName, type NameCheckDeps } from './checkName.js';

export interface RouterOptions {
  names: NameCheckDeps;
  /** Present when new repositories go to the embedded local remote: then its files are browsable. */
  localRemote?: LocalGitRemote;
}

const one = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

export function createRouter(options: RouterOptions): express.Router {
  const router = Router();

  // GET /v1/names/:name?template=<id>&org=<githubOrg>: the portal's name field asks as the user types.
  router.get('/v1/names/:name', async (req, res) => {
    const template = one(req.query.template);
    if (!template) throw new InputError('query parameter "template" is required (a golden path id)');
    const name = req.params.name ?? '';
    res.json(await checkName(options.names, { name, template, owner: one(req.query.org) }));
  });

  const remote = options.localRemote;
  if (remote) {
    router.get('/git/:owner/:name/tree/:ref', async (req, res) => {
      const { owner = '', name = '', ref = '' } = req.params;
      const listing = await remote.listFiles(owner, name, ref).catch(() => undefined);
      if (!listing) throw new NotFoundError(`no repository ${owner}/${name} with ref ${ref}`);
      res.type('html').send(treePage({ owner, name, ref, ...listing, cloneUrl: remote.cloneUrl(owner, name) }));
    });

    router.get('/git/:owner/:name/blob/:ref/*', async (req, res) => {
      const { owner = '', name = '', ref = '' } = req.params;
      const path = (req.params as unknown as Record<string, string>)[0] ?? '';
      const file = await remote.readFile({ owner, name, ref, path }).catch(() => undefined);
      if (!file) throw new NotFoundError(`no file ${path} in ${owner}/${name} at ${ref}`);
      // Repository content is shown as text, never interpreted by the browser.
      res.set({
        'Content-Type': 'text/plain; charset=utf-8',
        'X-Content-Type-Options': 'nosniff',
        ETag: `"${file.commit}"`,
      });
      res.send(file.content);
    });
  }

  return router;
}
