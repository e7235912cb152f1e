import type { HttpAuthService, LoggerService } from '@backstage/backend-plugin-api';
import { InputError, NotFoundError } from '@backstage/errors';
import { UnknownGoldenPathError, type GoldenPath } from '@golden-path/engine';
import express from 'express';
import Router from 'express-promise-router';
import type { LocalGitRemote } from '@golden-path/node';
import { treePage } from './browse.js';
import { checkName, type NameCheckDeps } from './checkName.js';
import type { RateLimiter } from './rateLimit.js';

export interface RouterOptions {
  names: NameCheckDeps;
  /** Who is asking: the name check answers signed-in users only. */
  httpAuth: HttpAuthService;
  /** One bucket per signed-in user. */
  rateLimit: RateLimiter;
  logger: LoggerService;
  /** Present when new repositories go to the embedded local remote: then its files are browsable. */
  localRemote?: LocalGitRemote;
}

const one = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

export function createRouter(options: RouterOptions): express.Router {
  const router = Router();

  /**
   * The golden path, or a 404 naming the field: for an unknown id with the ids there are, for a broken
   * one without its reason (which names files on the server), which goes to the log instead.
   */
  const loadTemplate = (id: string): GoldenPath => {
    try {
      return options.names.loadTemplate(id);
    } catch (error) {
      if (error instanceof UnknownGoldenPathError) throw new NotFoundError(`template: ${error.message}`);
      options.logger.error(`golden path "${id}" cannot be loaded: ${String(error)}`);
      throw new NotFoundError(`template: golden path "${id}" is not available; the platform team must fix it`);
    }
  };
  const names: NameCheckDeps = { ...options.names, loadTemplate };

  // GET /v1/names/:name?template=<id>&org=<githubOrg>: the portal's name field asks as the user types.
  router.get('/v1/names/:name', async (req, res) => {
    const credentials = await options.httpAuth.credentials(req, { allow: ['user'] });
    const decision = options.rateLimit.take(credentials.principal.userEntityRef);
    if (!decision.allowed) {
      res.set('Retry-After', String(decision.retryAfterSeconds));
      res.status(429).json({
        error: {
          name: 'TooManyRequestsError',
          message: `too many name checks; try again in ${decision.retryAfterSeconds} s`,
        },
      });
      return;
    }
    const template = one(req.query.template);
    if (!template) throw new InputError('template: query parameter "template" is required (a golden path id)');
    const org = one(req.query.org);
    res.json(await checkName(names, { name: req.params.name ?? '', template, org }));
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
