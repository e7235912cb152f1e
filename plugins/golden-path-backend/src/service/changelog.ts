import type { HttpAuthService } from '@backstage/backend-plugin-api';
import { InputError, NotFoundError } from '@backstage/errors';
import { parseVersion, UnknownGoldenPathError, type GoldenPathEngine } from '@golden-path/engine';
import { changesBetween, readChangelog } from '@golden-path/upgrade';
import express from 'express';
import Router from 'express-promise-router';

export interface ChangelogRouterOptions {
  engine: Pick<GoldenPathEngine, 'load'>;
  httpAuth: HttpAuthService;
}

/**
 * GET /v1/templates/:id/changelog?after=<version> → {latest, entries}: what upgrading a service
 * from `after` to the golden path's latest version brings (the entity card shows it before an
 * upgrade is started), newest first.
 */
export function createChangelogRouter(options: ChangelogRouterOptions): express.Router {
  const router = Router();
  router.get('/v1/templates/:id/changelog', async (req, res) => {
    await options.httpAuth.credentials(req, { allow: ['user', 'service'] });
    const after = typeof req.query.after === 'string' ? req.query.after : '';
    if (!parseVersion(after)) throw new InputError(`after: "${after}" is not a version x.y.z`);
    let gp;
    try {
      gp = options.engine.load(req.params.id ?? '');
    } catch (error) {
      if (error instanceof UnknownGoldenPathError) throw new NotFoundError(`template: ${error.message}`);
      throw error;
    }
    res.json({ latest: gp.version, entries: changesBetween(readChangelog(gp), after, gp.version) });
  });
  return router;
}
