import { InputError } from '@backstage/errors';
import type { NameCheck, NameCheckRequest } from '@golden-path/common';
import type { GoldenPath } from '@golden-path/engine';

export interface NameCheckDeps {
  /** The golden path; throws for an unknown or broken one (the router says which, without paths). */
  loadTemplate(id: string): GoldenPath;
  /** The engine's answer to "is this value valid for this field, and why not". */
  fieldProblem(gp: GoldenPath, field: string, value: unknown): string | undefined;
  /** Whether `component:default/<name>` is in the catalog. */
  inCatalog(name: string): Promise<boolean>;
  /** Whether `<org>/<name>` exists in the git remote new repositories are published to. */
  inRemote(org: string, name: string): Promise<boolean>;
  /**
   * The organisations this portal publishes to (`goldenPath.publish.orgs`); the only ones names are
   * checked in. Unset: the golden path's own `githubOrg` default alone.
   */
  orgs?: string[];
}

/** The golden path's field naming the GitHub organisation. */
const ORG_FIELD = 'githubOrg';

/** The organisations names may be checked in, the first being the default. */
function allowedOrgs(deps: NameCheckDeps, gp: GoldenPath): string[] {
  const fallback = gp.parameters.properties[ORG_FIELD]?.default;
  if (deps.orgs?.length) {
    return typeof fallback === 'string' && deps.orgs.includes(fallback)
      ? [fallback, ...deps.orgs.filter(o => o !== fallback)]
      : deps.orgs;
  }
  return typeof fallback === 'string' ? [fallback] : [];
}

/**
 * Is `name` a valid, free service name for a golden path? Valid for the template's name field, as
 * the engine validates it; free when no catalog component and no repository in `org` has it. `org`
 * must be one this portal publishes to (else an InputError naming the field): the check spends the
 * publishing token and would otherwise tell anyone which repositories exist in any organisation.
 */
export async function checkName(
  deps: NameCheckDeps,
  request: NameCheckRequest & { template: string },
): Promise<NameCheck> {
  const gp = deps.loadTemplate(request.template);
  const orgs = allowedOrgs(deps, gp);
  const org = request.org || orgs[0];
  if (org === undefined || !orgs.includes(org)) {
    throw new InputError(
      `org: "${request.org ?? ''}" is not an organisation this portal publishes to; allowed: ${orgs.join(', ') || '(none configured)'}`,
    );
  }

  const invalid = deps.fieldProblem(gp, gp.nameField, request.name);
  if (invalid) return { name: request.name, valid: false, available: false, problems: [`name: ${invalid}`] };

  const [inCatalog, inRemote] = await Promise.all([
    deps.inCatalog(request.name),
    // A remote that cannot answer (GitHub down) makes the name not known to be free, not an error.
    deps.inRemote(org, request.name).catch((e: Error) => e),
  ]);
  const problems: string[] = [];
  if (inCatalog) problems.push(`component:default/${request.name} is already in the catalog`);
  if (inRemote instanceof Error)
    problems.push(`could not check whether ${org}/${request.name} exists: ${inRemote.message}`);
  else if (inRemote) problems.push(`the repository ${org}/${request.name} already exists`);
  return { name: request.name, valid: true, available: problems.length === 0, problems };
}
