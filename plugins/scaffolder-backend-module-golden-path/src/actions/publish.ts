import { resolveSafeChildPath } from '@backstage/backend-plugin-api';
import { ConflictError, InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { changeControl, isRef, isRepoSegment, type LocalGitRemote } from '@golden-path/node';
import { examples } from './publish.examples.js';

export const PUBLISH_ACTION_ID = 'golden-path:publish';

export interface PublishDeps {
  remote: LocalGitRemote;
  /** Used when the step gives no author (Backstage's scaffolder.defaultAuthor). */
  defaultAuthor: { name: string; email: string };
}

/**
 * golden-path:publish — initialises, commits and pushes the workspace to the embedded local git remote
 * as `<repoOwner>/<name>.git` (laid out like GitHub: the owner is the GitHub organisation). Never
 * overwrites a repository; all or nothing; the push runs in a checkpoint, so a retried task whose
 * push succeeded does not push again. Given the owner, the repository keeps the change control that
 * publishing to GitHub sets (golden-path:github-change-control): required checks from ci.yml,
 * environments deployable from the default branch, production reviewed by the owner.
 */
export function createPublishAction(deps: PublishDeps) {
  return createTemplateAction({
    id: PUBLISH_ACTION_ID,
    description:
      'Publishes the workspace as a new repository of the local git remote (bare repositories laid out <owner>/<name>.git) and says where the catalog reads it from.',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        repoOwner: z =>
          z.string({
            description:
              'The organisation that owns the repository: the GitHub organisation, a folder of the local remote (e.g. acme-fintech).',
          }),
        name: z => z.string({ description: 'The repository name: the service name (e.g. payments-ledger).' }),
        owner: z =>
          z
            .string({
              description:
                'The owning Group (e.g. group:default/payments-team): production deployments need its review. Without it no change control is recorded.',
            })
            .optional(),
        defaultBranch: z =>
          z.string({ description: 'The branch the commit is pushed to. Defaults to main.' }).optional(),
        sourcePath: z =>
          z
            .string({ description: 'The folder of the workspace to publish. Defaults to the workspace root.' })
            .optional(),
        catalogInfoPath: z =>
          z
            .string({
              description:
                'Where catalog-info.yaml is inside the repository, for the catalogInfoUrl output. Defaults to /catalog-info.yaml.',
            })
            .optional(),
        gitCommitMessage: z =>
          z.string({ description: 'The message of the first commit. Defaults to "Initial commit".' }).optional(),
        gitAuthorName: z =>
          z.string({ description: "The commit's author name. Defaults to scaffolder.defaultAuthor.name." }).optional(),
        gitAuthorEmail: z =>
          z
            .string({ description: "The commit's author e-mail. Defaults to scaffolder.defaultAuthor.email." })
            .optional(),
      },
      output: {
        remoteUrl: z =>
          z.string({ description: 'The URL to clone the repository from (a file: URL of the bare repository).' }),
        repoContentsUrl: z =>
          z.string({
            description: "The URL of the repository's files on the default branch, like GitHub's .../blob/main.",
          }),
        browseUrl: z => z.string({ description: "A page listing the repository's files, for people." }),
        commitHash: z => z.string({ description: 'The commit that was pushed (empty on a dry run).' }),
        catalogInfoUrl: z =>
          z.string({ description: 'The URL the catalog reads catalog-info.yaml from: give it to catalog:register.' }),
      },
    },
    async handler(ctx) {
      const { repoOwner, name } = ctx.input;
      if (!isRepoSegment(repoOwner))
        throw new InputError(`repoOwner "${repoOwner}" is not a valid organisation name (letters, digits, . _ -)`);
      if (!isRepoSegment(name))
        throw new InputError(`name "${name}" is not a valid repository name (letters, digits, . _ -)`);
      const branch = ctx.input.defaultBranch ?? 'main';
      if (!isRef(branch)) throw new InputError(`defaultBranch "${branch}" is not a valid branch name`);
      const sourceDir = resolveSafeChildPath(ctx.workspacePath, ctx.input.sourcePath ?? '.');
      const remote = deps.remote;

      let commitHash = '';
      if (ctx.isDryRun) {
        if (remote.exists(repoOwner, name))
          throw new ConflictError(
            `The repository ${repoOwner}/${name} already exists in the git remote; choose another name.`,
          );
        ctx.logger.info(`Dry run: would publish to ${repoOwner}/${name} (${branch})`);
      } else {
        ({ commitHash } = await ctx.checkpoint({
          key: `push.${repoOwner}.${name}`,
          fn: () =>
            remote.publish({
              owner: repoOwner,
              name,
              sourceDir,
              branch,
              message: ctx.input.gitCommitMessage ?? 'Initial commit',
              author: {
                name: ctx.input.gitAuthorName ?? deps.defaultAuthor.name,
                email: ctx.input.gitAuthorEmail ?? deps.defaultAuthor.email,
              },
              taskId: ctx.task.id,
              changeControl: ctx.input.owner ? changeControl(sourceDir, ctx.input.owner, branch) : undefined,
            }),
        }));
        ctx.logger.info(`Published ${repoOwner}/${name} at ${commitHash}`);
      }

      ctx.output('remoteUrl', remote.cloneUrl(repoOwner, name));
      ctx.output('repoContentsUrl', remote.contentsUrl(repoOwner, name, branch));
      ctx.output('browseUrl', remote.treeUrl(repoOwner, name, branch));
      ctx.output('commitHash', commitHash);
      ctx.output(
        'catalogInfoUrl',
        remote.fileUrl(repoOwner, name, ctx.input.catalogInfoPath ?? '/catalog-info.yaml', branch),
      );
    },
  });
}
