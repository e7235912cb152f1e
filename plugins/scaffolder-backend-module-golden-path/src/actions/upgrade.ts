import type { PermissionsService } from '@backstage/backend-plugin-api';
import { parseEntityRef, stringifyEntityRef, type Entity } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import type { JsonObject } from '@backstage/types';
import type { PullRequestGate, PullRequestRecord } from '@golden-path/common';
import { isUserError, type GoldenPathEngine } from '@golden-path/engine';
import { BASE_BRANCH, checkoutTree, gitText, isRepoSegment, type GoldenPathGate } from '@golden-path/node';
import { upgrade, upgradeBranchName, type UpgradeResult } from '@golden-path/upgrade';
import { assertMayCreateFor } from './ownerPermission.js';
import { examples } from './upgrade.examples.js';

export const UPGRADE_ACTION_ID = 'golden-path:upgrade';

/** Where the service's repository lives: the embedded remote or GitHub, behind one interface. */
export interface UpgradeHost {
  /** Whether `owner/name` exists there. */
  exists(owner: string, name: string): Promise<boolean>;
  /** A bare copy of the repository (every branch) in `dir`. */
  clone(owner: string, name: string, dir: string): Promise<void>;
  /** Pushes these branches of the copy, all or none. */
  push(owner: string, name: string, dir: string, branches: string[]): Promise<void>;
  /** Opens the pull request of an upgrade branch already pushed; returns its record. */
  openPullRequest(owner: string, name: string, draft: UpgradeDraft): Promise<Pick<PullRequestRecord, 'number' | 'url'>>;
}

/** What a pull request says about an upgrade: the record without what the host decides. */
export type UpgradeDraft = Omit<PullRequestRecord, 'number' | 'state' | 'createdAt' | 'url' | 'provider'>;

export interface UpgradeDeps {
  catalog: CatalogService;
  permissions: PermissionsService;
  engine: GoldenPathEngine;
  gate: GoldenPathGate;
  host: UpgradeHost;
}

/** The annotation every golden-path catalog-info.yaml carries: the repository, `<org>/<name>`. */
const SLUG_ANNOTATION = 'github.com/project-slug';

/** The entity's repository and owner, from the catalog as the initiator sees it. */
async function serviceOf(
  deps: UpgradeDeps,
  entityRef: string,
  credentials: Parameters<CatalogService['getEntityByRef']>[1],
) {
  let ref: string;
  try {
    ref = stringifyEntityRef(parseEntityRef(entityRef, { defaultKind: 'component', defaultNamespace: 'default' }));
  } catch {
    throw new InputError(`entityRef: "${entityRef}" is not an entity reference (component:default/<name>)`);
  }
  const entity: Entity | undefined = await deps.catalog.getEntityByRef(ref, credentials);
  if (!entity) throw new InputError(`entityRef: ${ref} is not in the catalog`);
  const owner = typeof entity.spec?.owner === 'string' ? entity.spec.owner : undefined;
  if (!owner) throw new InputError(`entityRef: ${ref} has no owner`);
  const slug = entity.metadata.annotations?.[SLUG_ANNOTATION] ?? '';
  const [org, name, ...rest] = slug.split('/');
  if (!org || !name || rest.length || !isRepoSegment(org) || !isRepoSegment(name)) {
    throw new InputError(`entityRef: ${ref} has no repository (annotation ${SLUG_ANNOTATION}: <org>/<name>)`);
  }
  return { ref, owner, org, name };
}

/** The upgrade's report as the pull request and the task's outputs carry it (JSON: a checkpoint's value). */
interface Upgraded {
  status: UpgradeResult['status'];
  template: string;
  from: string;
  to: string;
  branch?: string;
  head?: string;
  main?: string;
  files: UpgradeDraft['files'];
  conflicts: UpgradeDraft['conflicts'];
  overwritten: string[];
  values: UpgradeDraft['values'];
  changelog: UpgradeDraft['changelog'];
  gate?: PullRequestGate;
}

function report(r: UpgradeResult, main: string | undefined): Upgraded {
  return {
    status: r.status,
    template: r.template,
    from: r.from,
    to: r.to,
    ...(r.branch ? { branch: r.branch } : {}),
    ...(r.commit ? { head: r.commit } : {}),
    ...(main ? { main } : {}),
    files: r.files.flatMap(f =>
      f.outcome === 'unchanged' || f.outcome === 'kept' ? [] : [{ path: f.path, class: f.class, outcome: f.outcome }],
    ),
    conflicts: r.conflicts,
    overwritten: r.overwritten.map(o => o.path),
    values: { added: r.values.added, dropped: r.values.dropped, renamed: r.values.renamed },
    changelog: r.changelog,
  };
}

/**
 * golden-path:upgrade — upgrades a service created from a golden path to the version the portal
 * holds and opens a pull request: the repository is copied (bare) into the task's temporary folder,
 * upgraded there by @golden-path/upgrade (git plumbing and the engine's render only: nothing of the
 * repository is run), the gate runs on the merged result in its sandbox, then the branch
 * golden-path/upgrade-<version> and the new golden-path/base are pushed together and the pull
 * request opened. A repository the upgrade refuses (its .golden-path.yaml edited by hand, an unknown
 * golden path or version, no golden-path/base, a downgrade, an upgrade branch already there) is the
 * user's InputError, and nothing is pushed. Only the owner group's members and the platform group may.
 */
export function createUpgradeAction(deps: UpgradeDeps) {
  return createTemplateAction({
    id: UPGRADE_ACTION_ID,
    description:
      "Upgrades a service to its golden path's current version on a new branch and opens a pull request with the files, conflicts, value changes, changelog and the gate's verdict on the merged result.",
    examples,
    schema: {
      input: {
        entityRef: z =>
          z.string({
            description:
              'The service to upgrade: its catalog entity (component:default/payments-api, or payments-api).',
          }),
        toVersion: z =>
          z
            .string({
              description:
                "The version to upgrade to; it must be the golden path's current version (the only one the portal can render). Defaults to it.",
            })
            .optional(),
        values: z =>
          z
            .record(z.unknown(), {
              description:
                'Values over the recorded ones: the new version\'s required fields without a default, or changes (e.g. {"costCenter": "cc-1234"}).',
            })
            .optional(),
      },
      output: {
        status: z =>
          z.string({
            description: 'up-to-date (nothing done), clean, auto-merged or conflicts (see the conflicts output).',
          }),
        number: z => z.number({ description: 'The pull request number (absent when up to date).' }).optional(),
        url: z => z.string({ description: 'Where the pull request is shown (absent when up to date).' }).optional(),
        branch: z => z.string({ description: 'The upgrade branch, golden-path/upgrade-<version>.' }).optional(),
        conflicts: z =>
          z
            .array(z.object({ path: z.string(), class: z.string(), reason: z.string() }), {
              description: 'Files committed with conflict markers or needing a decision, with their class and why.',
            })
            .optional(),
        gatePassed: z =>
          z
            .boolean({ description: "The policy gate's verdict on the merged result (conflict markers fail it)." })
            .optional(),
      },
    },
    async handler(ctx) {
      const credentials = { credentials: await ctx.getInitiatorCredentials() };
      const service = await serviceOf(deps, ctx.input.entityRef, credentials);
      await assertMayCreateFor(
        deps.permissions,
        service.owner,
        credentials.credentials,
        ref =>
          `entityRef: you may not upgrade ${service.ref}: only members of its owner ${ref} and the platform group may`,
      );
      const { org, name } = service;
      if (!(await deps.host.exists(org, name)))
        throw new InputError(`entityRef: the repository ${org}/${name} does not exist`);

      const upgraded = (await ctx.checkpoint<JsonObject>({
        key: `upgrade.${org}/${name}`,
        fn: async () => {
          const dir = `${await ctx.createTemporaryDirectory()}/repository.git`;
          await deps.host.clone(org, name, dir);
          let result: UpgradeResult;
          try {
            result = await upgrade({ engine: deps.engine, dir, to: ctx.input.toVersion, values: ctx.input.values });
          } catch (error) {
            // The repository's own state or the values: the user's to fix; the message names no server path.
            if (isUserError(error))
              throw new InputError(`${org}/${name}: ${(error as Error).message.replaceAll(dir, `${org}/${name}`)}`);
            throw error;
          }
          if (result.status === 'up-to-date' || !result.commit)
            return report(result, undefined) as unknown as JsonObject;
          // The upgrade commit's one parent: main as the upgrade found it.
          const out = report(result, await gitText(['rev-parse', `${result.commit}^`], { cwd: dir }));
          ctx.logger.info(
            `Upgraded ${org}/${name} from ${result.template} ${result.from} to ${result.to}: ${result.status}`,
          );
          const files = await checkoutTree(dir, result.commit);
          try {
            out.gate = await deps.gate.check(files.dir, result.commit, ctx.signal, ahead =>
              ctx.logger.info(`Waiting for the policy gate: ${ahead} gate${ahead === 1 ? '' : 's'} ahead`),
            );
          } finally {
            await files.done();
          }
          ctx.logger.info(`The gate on the merged result ${out.gate.passed ? 'passes' : 'fails'}`);
          await deps.host.push(org, name, dir, [upgradeBranchName(result.to), BASE_BRANCH]);
          return out as unknown as JsonObject;
        },
      })) as unknown as Upgraded;

      ctx.output('status', upgraded.status);
      if (upgraded.status === 'up-to-date' || !upgraded.branch || !upgraded.head) {
        ctx.logger.info(`${org}/${name} is at ${upgraded.template} ${upgraded.to} already: nothing to do`);
        return;
      }
      const draft: UpgradeDraft = {
        repository: { slug: `${org}/${name}`, entityRef: service.ref },
        title: `Upgrade to ${upgraded.template} ${upgraded.to} (from ${upgraded.from})`,
        branch: upgraded.branch,
        base: 'main',
        template: upgraded.template,
        fromVersion: upgraded.from,
        toVersion: upgraded.to,
        head: upgraded.head,
        baseCommit: upgraded.main ?? '',
        files: upgraded.files,
        conflicts: upgraded.conflicts,
        values: upgraded.values,
        changelog: upgraded.changelog,
        ...(upgraded.gate ? { gate: upgraded.gate } : {}),
        author: ctx.user?.ref ?? 'unknown',
      };
      const pr = await ctx.checkpoint({
        key: `pull-request.${org}/${name}.${upgraded.branch}`,
        fn: async () => deps.host.openPullRequest(org, name, draft),
      });
      ctx.logger.info(`Opened pull request #${pr.number}: ${pr.url}`);
      for (const c of upgraded.conflicts) ctx.logger.warn(`CONFLICT ${c.path} (${c.class}): ${c.reason}`);
      ctx.output('number', pr.number);
      ctx.output('url', pr.url);
      ctx.output('branch', upgraded.branch);
      ctx.output('conflicts', upgraded.conflicts);
      if (upgraded.gate) ctx.output('gatePassed', upgraded.gate.passed);
    },
  });
}
