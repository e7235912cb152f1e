import { resolveSafeChildPath } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { ANNOTATION_VERSION } from '@golden-path/common';
import { isUserError, type GoldenPathEngine, type RenderPlan } from '@golden-path/engine';
import { readdir } from 'node:fs/promises';
import { workspaceDifferences } from '../check/workspaceDifferences.js';
import { inFormOrder } from './formOrder.js';
import { redact } from './redact.js';
import { examples } from './render.examples.js';

export const RENDER_ACTION_ID = 'golden-path:render';

/** The golden path version the form was built from, when the task came from that golden path's Template entity. */
function formVersion(
  templateInfo:
    { entityRef?: string; entity?: { metadata: { name?: string; annotations?: Record<string, string> } } } | undefined,
  id: string,
) {
  const metadata = templateInfo?.entity?.metadata;
  return metadata?.name === id ? metadata.annotations?.[ANNOTATION_VERSION] : undefined;
}

/**
 * Whether `target` already holds exactly this render: a task resumed after its backend died may
 * run this step again after the files were written. Anything else in the way is still refused.
 */
async function holdsRender(target: string, plan: RenderPlan): Promise<boolean> {
  const entries = await readdir(target).catch(() => []);
  return entries.length > 0 && (await workspaceDifferences(target, plan.files)).length === 0;
}

/**
 * golden-path:render — validates the values against the golden path and writes its files into the
 * workspace through the engine (the same engine as the CLI). Bad values fail with every field and
 * what it allows, before anything is written. Values of secret fields never reach a log or a message.
 */
export function createRenderAction(deps: { engine: GoldenPathEngine }) {
  return createTemplateAction({
    id: RENDER_ACTION_ID,
    description:
      'Renders a golden path into the workspace: validates the values (defaults applied, unknown fields refused), then writes every file atomically.',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        template: z =>
          z.string({
            description:
              'The golden path to render: its id, the folder name under templates/ (e.g. python-django-service).',
          }),
        version: z =>
          z
            .string({
              description:
                'The version required: x.y.z or a ^/~ range. Defaults to the version of the Template entity the form was built from, if it is this golden path; otherwise the one available.',
            })
            .optional(),
        values: z =>
          z.record(z.unknown(), {
            description: 'The input values, one per field of the golden path (usually ${{ parameters }}).',
          }),
        targetPath: z =>
          z
            .string({
              description:
                'A folder inside the workspace to render into (absent or empty). Defaults to the workspace root.',
            })
            .optional(),
      },
      output: {
        templateVersion: z => z.string({ description: 'The version of the golden path that was rendered.' }),
        fileCount: z =>
          z.number({ description: 'How many files were written, the .golden-path.yaml manifest included.' }),
        files: z => z.array(z.string(), { description: 'The paths written, relative to the target folder, sorted.' }),
      },
    },
    async handler(ctx) {
      const { template, values } = ctx.input;
      const version = ctx.input.version ?? formVersion(ctx.templateInfo, template);
      const target = resolveSafeChildPath(ctx.workspacePath, ctx.input.targetPath ?? '.');

      let secrets: unknown[] = [];
      try {
        const gp = deps.engine.load(template, version);
        secrets = gp.secretFields.map(f => values[f]);
        ctx.logger.info(`Rendering golden path ${gp.id}@${gp.version}${ctx.isDryRun ? ' (dry run)' : ''}`);
        const plan = deps.engine.plan(deps.engine.prepare(gp, inFormOrder(gp, values)));
        if (await holdsRender(target, plan)) {
          ctx.logger.info(`The workspace already holds these ${plan.files.length} files (a resumed task); kept`);
        } else {
          deps.engine.write(plan, target);
          ctx.logger.info(`Wrote ${plan.files.length} files (${plan.size} bytes)`);
        }
        ctx.output('templateVersion', plan.template.version);
        ctx.output('fileCount', plan.files.length);
        ctx.output(
          'files',
          plan.files.map(f => f.path),
        );
      } catch (error) {
        // The user's mistakes (unknown golden path or version, bad values, a target in the way)
        // are bad input; a broken golden path (TemplateError) is the platform's bug and stays one.
        if (isUserError(error)) throw new InputError(redact(error.message, secrets));
        throw error;
      }
    },
  });
}
