import type { GoldenPath } from '@golden-path/engine';

export interface NameCheck {
  name: string;
  /** The name satisfies the golden path's rule for its name field. */
  valid: boolean;
  /** Valid, and neither a catalog component nor a repository uses it. */
  available: boolean;
  /** Why not, in words a person can act on; empty when available. */
  problems: string[];
}

export interface NameCheckDeps {
  loadTemplate(id: string): GoldenPath;
  /** Whether `component:default/<name>` is in the catalog. */
  inCatalog(name: string): Promise<boolean>;
  /** Whether `<owner>/<name>` exists in the git remote new repositories are published to. */
  inRemote(owner: string, name: string): Promise<boolean>;
}

type FieldSchema = {
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  description?: string;
  default?: unknown;
};

/** The rule a value breaks in one field's schema (pattern, length), or undefined. */
function ruleProblem(label: string, value: string, schema: FieldSchema): string | undefined {
  if (schema.minLength !== undefined && value.length < schema.minLength) {
    return `${label} must be at least ${schema.minLength} characters`;
  }
  if (schema.maxLength !== undefined && value.length > schema.maxLength) {
    return `${label} must be at most ${schema.maxLength} characters`;
  }
  if (schema.pattern && !new RegExp(schema.pattern, 'u').test(value)) {
    return `${label} must match ${schema.pattern}${schema.description ? ` (${schema.description.trim()})` : ''}`;
  }
  return undefined;
}

/**
 * Is `name` a valid, free service name for a golden path? Valid against the template's name field
 * (read from the engine, so the portal and the engine agree); free when no catalog component and no
 * repository in `owner` (the GitHub organisation, by default the template's own default) has it.
 */
export async function checkName(
  deps: NameCheckDeps,
  request: { name: string; template: string; owner?: string },
): Promise<NameCheck> {
  const gp = deps.loadTemplate(request.template);
  const nameSchema = (gp.parameters.properties[gp.nameField] ?? {}) as FieldSchema;
  const ownerSchema = (gp.parameters.properties.githubOrg ?? {}) as FieldSchema;
  const owner = request.owner || (typeof ownerSchema.default === 'string' ? ownerSchema.default : undefined);

  const invalid = ruleProblem('the name', request.name, nameSchema);
  if (invalid) return { name: request.name, valid: false, available: false, problems: [invalid] };

  const problems: string[] = [];
  const ownerProblem =
    owner === undefined
      ? 'no GitHub organisation given (org=...)'
      : ruleProblem('the organisation', owner, ownerSchema);
  const [inCatalog, inRemote] = await Promise.all([
    deps.inCatalog(request.name),
    // A remote that cannot answer (GitHub down) makes the name not known to be free, not an error.
    owner && !ownerProblem ? deps.inRemote(owner, request.name).catch((e: Error) => e) : Promise.resolve(false),
  ]);
  if (inCatalog) problems.push(`component:default/${request.name} is already in the catalog`);
  if (ownerProblem) problems.push(ownerProblem);
  else if (inRemote instanceof Error)
    problems.push(`could not check whether ${owner}/${request.name} exists: ${inRemote.message}`);
  else if (inRemote) problems.push(`the repository ${owner}/${request.name} already exists`);
  return { name: request.name, valid: true, available: problems.length === 0, problems };
}
