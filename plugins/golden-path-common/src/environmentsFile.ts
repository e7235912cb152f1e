import { ENVIRONMENTS_FILE, type EnvironmentEntry } from './environments.js';
import { checkEnvironments, environmentProblemText } from './environmentsCheck.js';

export interface ParsedEnvironments {
  /** The entries that passed every check, in the file's order. */
  environments: EnvironmentEntry[];
  /** One sentence per refused entry (or for the file), naming the entry and the field. */
  problems: string[];
}

/** An entry the file could name endlessly: the report says how many more there were. */
const MAX_ENTRIES = 50;

/**
 * The entries of infra/environments.yaml (its parsed YAML): a file anyone with push rights can
 * change, so every entry is checked (checkEnvironments, as the engine checks the form's) and a bad
 * one is reported and kept out, never trusted and never fatal.
 */
export function parseEnvironmentsFile(data: unknown): ParsedEnvironments {
  const list = (data as { environments?: unknown } | null | undefined)?.environments;
  if (typeof data !== 'object' || data === null || !Array.isArray(list))
    return { environments: [], problems: [`${ENVIRONMENTS_FILE} must have a list 'environments'`] };
  const { environments, problems } = checkEnvironments(list.slice(0, MAX_ENTRIES));
  const texts = problems.map(p => environmentProblemText(p, ENVIRONMENTS_FILE));
  if (list.length > MAX_ENTRIES)
    texts.push(
      `${ENVIRONMENTS_FILE}: ${list.length - MAX_ENTRIES} environments after the first ${MAX_ENTRIES} were not read`,
    );
  return { environments, problems: texts };
}
