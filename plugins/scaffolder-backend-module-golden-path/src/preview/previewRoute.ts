import type { HttpAuthService, HttpRouterService, PermissionsService } from '@backstage/backend-plugin-api';
import { InputError, NotAllowedError, NotFoundError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import type * as ScaffolderPermissions from '@backstage/plugin-scaffolder-common/alpha';
import { PREVIEW_PATH, type PreviewRefusal } from '@golden-path/common';
import { isUserError, UnknownGoldenPathError, ValuesError } from '@golden-path/engine';
import { createRequire } from 'node:module';
import { gateOptions, type CheckDeps } from '../actions/check.js';
import { inFormOrder } from '../actions/formOrder.js';
import { planVerdict } from '../check/planVerdict.js';
import { verdictKey } from '../check/verdicts.js';
import { previewAnswer } from './previewAnswer.js';
import type { PreviewSlots } from './previewSlots.js';

// The CommonJS build: the ES module one imports `lodash/uniqBy` without an extension, which Node's
// ESM loader cannot resolve.
const { taskCreatePermission } = createRequire(import.meta.url)(
  '@backstage/plugin-scaffolder-common/alpha',
) as typeof ScaffolderPermissions;

type Handler = Parameters<HttpRouterService['use']>[0];
type Request = Parameters<Handler>[0];

/** A form's values are a few KB; this bounds what is read of a request. */
const MAX_BODY_BYTES = 256 * 1024;

async function readJson(req: Request): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw new InputError(`the request is larger than ${MAX_BODY_BYTES} bytes`);
    chunks.push(chunk);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw new InputError('the request is not JSON');
  }
}

function parseRequest(body: unknown): { template: string; values: Record<string, unknown> } {
  const b = body as { template?: unknown; values?: unknown } | null;
  if (!b || typeof b.template !== 'string' || !b.values || typeof b.values !== 'object' || Array.isArray(b.values)) {
    throw new InputError('the request must be {"template": "<golden path id>", "values": {<field>: <value>}}');
  }
  return { template: b.template, values: b.values as Record<string, unknown> };
}

export interface PreviewRouteDeps {
  check: CheckDeps;
  httpAuth: HttpAuthService;
  permissions: Pick<PermissionsService, 'authorize'>;
  catalog: Pick<CatalogService, 'getEntityByRef'>;
  slots: PreviewSlots;
}

/**
 * POST /api/scaffolder/golden-path/v1/preview — the form's preview: the golden path planned for the
 * form's values (nothing written, nothing published) and the policy gate's verdict on that plan,
 * the same verdict golden-path:check then reuses for the identical render (planVerdict). Values
 * the golden path refuses are answered 422 with each field and why. Who may ask is who may create
 * the task: a signed-in user with the scaffolder's taskCreatePermission (else 403) who can read the
 * golden path's Template in the catalog (else 404), as Backstage's POST /v2/tasks checks; each
 * user has at most `goldenPath.preview.maxPerUser` previews queued or running (429 beyond, with
 * Retry-After; PreviewSlots). A client that goes away (the form's values changed), or a newer
 * preview of the same form by the same user, cancels the gate unless another caller waits for the
 * same render.
 */
export function previewRoute(deps: PreviewRouteDeps): Handler {
  return (req, res, next) => {
    if (req.method !== 'POST' || req.path !== PREVIEW_PATH) {
      next();
      return;
    }
    const gone = new AbortController();
    res.on('close', () => {
      if (!res.writableFinished) gone.abort(new Error('the client went away'));
    });
    (async () => {
      const credentials = await deps.httpAuth.credentials(req, { allow: ['user'] });
      const [decision] = await deps.permissions.authorize([{ permission: taskCreatePermission }], { credentials });
      if (decision?.result !== AuthorizeResult.ALLOW) {
        throw new NotAllowedError('you may not create tasks, so there is no preview for you');
      }
      const { template, values } = parseRequest(await readJson(req));
      const templateRef = { kind: 'template', namespace: 'default', name: template };
      if (!(await deps.catalog.getEntityByRef(templateRef, { credentials }))) {
        throw new NotFoundError(`template: template:default/${template} is not in the catalog, or not for you to read`);
      }
      const { engine } = deps.check;
      let gp;
      let plan;
      try {
        gp = engine.load(template);
        if (gp.secretFields.length) {
          throw new NotAllowedError(
            `golden path ${gp.id} has secret fields (${gp.secretFields.join(', ')}); the policy check refuses it, so there is no preview`,
          );
        }
        plan = engine.plan(engine.prepare(gp, inFormOrder(gp, values)));
      } catch (error) {
        if (error instanceof ValuesError) {
          res.status(422).json({ issues: error.issues } satisfies PreviewRefusal);
          return;
        }
        if (error instanceof UnknownGoldenPathError || isUserError(error)) throw new InputError(error.message);
        throw error;
      }
      const options = gateOptions(engine, gp);
      const slot = deps.slots.enter(credentials.principal.userEntityRef, gp.id, verdictKey(plan, options, {}));
      if ('refused' in slot) {
        res.setHeader('Retry-After', String(slot.retryAfterSeconds));
        res.status(429).json({ error: { name: 'TooManyRequestsError', message: slot.refused } });
        return;
      }
      try {
        const signal = AbortSignal.any([gone.signal, slot.signal]);
        const verdict = await planVerdict(deps.check, plan, options, signal, () => {});
        if (!signal.aborted) res.json(previewAnswer(plan, verdict));
        else throw signal.reason;
      } finally {
        slot.leave();
      }
    })().catch(error => {
      if (!gone.signal.aborted) next(error);
    });
  };
}
