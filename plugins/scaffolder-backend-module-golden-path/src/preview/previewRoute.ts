import type { HttpAuthService, HttpRouterService } from '@backstage/backend-plugin-api';
import { InputError, NotAllowedError } from '@backstage/errors';
import { PREVIEW_PATH, type PreviewRefusal } from '@golden-path/common';
import { isUserError, UnknownGoldenPathError, ValuesError } from '@golden-path/engine';
import { gateOptions, type CheckDeps } from '../actions/check.js';
import { inFormOrder } from '../actions/formOrder.js';
import { planVerdict } from '../check/planVerdict.js';
import { previewAnswer } from './previewAnswer.js';

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

/**
 * POST /api/scaffolder/golden-path/v1/preview — the form's preview: the golden path planned for the
 * form's values (nothing written, nothing published) and the policy gate's verdict on that plan,
 * the same verdict golden-path:check then reuses for the identical render (planVerdict). Values
 * the golden path refuses are answered 422 with each field and why; a signed-in user only. A
 * client that goes away (the form's values changed) cancels its gate unless another caller waits
 * for the same render.
 */
export function previewRoute(deps: { check: CheckDeps; httpAuth: HttpAuthService }): Handler {
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
      await deps.httpAuth.credentials(req, { allow: ['user'] });
      const { template, values } = parseRequest(await readJson(req));
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
      const verdict = await planVerdict(deps.check, plan, gateOptions(engine, gp), gone.signal, () => {});
      if (!gone.signal.aborted) res.json(previewAnswer(plan, verdict));
    })().catch(error => {
      if (!gone.signal.aborted) next(error);
    });
  };
}
