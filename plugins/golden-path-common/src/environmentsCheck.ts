import {
  isDeployable,
  PREVIEW_GITHUB_ENVIRONMENT,
  PREVIEW_SWEEP_GITHUB_ENVIRONMENT,
  type EnvironmentEntry,
} from './environments.js';
import { checkEnvironmentEntry, isEnvironmentName, shown, type EntryFault } from './environmentsEntry.js';

/** What is wrong with a list of environments: which entry and field (absent: the list), and why. */
export interface EnvironmentProblem {
  /** The entry's position in the list, from 0; absent for the list as a whole. */
  index?: number;
  /** The entry's name, when it is a valid one (a refused name is not repeated). */
  name?: string;
  field?: keyof EnvironmentEntry;
  /** A sentence that starts with the field it is about, if one. */
  message: string;
}

export interface CheckedEnvironments {
  /** The entries that passed every check, in the list's order. */
  environments: EnvironmentEntry[];
  /** Every problem, by entry, then the list's own; each refused entry is left out of `environments`. */
  problems: EnvironmentProblem[];
}

/**
 * The one answer to "is this list of environments valid, and if not, which entry, which field and
 * why": each entry on its own (checkEnvironmentEntry), then the list's rules: each name once, at
 * most one preview entry, at least one environment main deploys, and the preview entry's host one
 * of those, none of which is named as a GitHub environment of the previews. The catalog calls it on
 * infra/environments.yaml (parseEnvironmentsFile), the engine on the form's list with its defaults
 * resolved, so a list the form accepts is one the catalog reads back.
 */
export function checkEnvironments(list: readonly unknown[]): CheckedEnvironments {
  const environments: EnvironmentEntry[] = [];
  const problems: EnvironmentProblem[] = [];
  const positions = new Map<EnvironmentEntry, number>();
  for (const [index, raw] of list.entries()) {
    const name = (raw as { name?: unknown } | null)?.name;
    const at = { index, ...(isEnvironmentName(name) ? { name } : {}) };
    const entry = checkEnvironmentEntry(raw);
    if (environments.some(e => e.name === at.name))
      problems.push({ ...at, field: 'name', message: 'the name is given twice; each environment needs its own' });
    else if ('message' in entry) problems.push({ ...at, ...entry });
    else if (entry.kind === 'preview' && environments.some(e => e.kind === 'preview'))
      problems.push({ ...at, field: 'kind', message: 'kind preview is given twice; one entry hosts every preview' });
    else {
      environments.push(entry);
      positions.set(entry, index);
    }
  }
  const deployed = environments.filter(isDeployable);
  const preview = environments.find(e => e.kind === 'preview');
  if (!deployed.length)
    problems.push({
      message: 'must list at least one environment that main deploys (not a preview or a branch tenant)',
    });
  const fault = preview && deployed.length > 0 ? previewFault(preview, deployed) : undefined;
  if (fault) problems.push({ index: positions.get(preview!)!, name: preview!.name, ...fault });
  // A preview entry without a host main deploys is refused whole: it would host nothing.
  if (preview && (fault || !deployed.length)) environments.splice(environments.indexOf(preview), 1);
  // The entries' problems in their order (the first is the one a form shows), then the list's.
  problems.sort((a, b) => (a.index ?? Infinity) - (b.index ?? Infinity));
  return { environments, problems };
}

/** The previews' GitHub environments (change control creates them): no environment main deploys may be named so. */
const PREVIEWS_GITHUB_ENVIRONMENTS = [PREVIEW_GITHUB_ENVIRONMENT, PREVIEW_SWEEP_GITHUB_ENVIRONMENT];

/** Why the preview entry cannot host previews in this list, if it cannot. */
function previewFault(preview: EnvironmentEntry, deployed: EnvironmentEntry[]): EntryFault | undefined {
  const taken = deployed.find(e => PREVIEWS_GITHUB_ENVIRONMENTS.includes(e.name))?.name;
  if (taken)
    return {
      message: `an environment main deploys is named ${taken}, a GitHub environment of the previews; rename it`,
    };
  if (preview.host === undefined)
    return { field: 'host', message: 'host must name the environment whose account and cluster host the previews' };
  if (!deployed.some(e => e.name === preview.host)) {
    const names = deployed.map(e => e.name).join(', ');
    return {
      field: 'host',
      message: `host ${shown(preview.host)} must be one of the environments main deploys (${names.length > 60 ? `${names.slice(0, 57)}...` : names})`,
    };
  }
  return undefined;
}

/**
 * A problem as one sentence: `environment <n> (<name>): <message>`, after `where` (the file, for
 * the catalog); a problem of the whole list is `<where>: <message>`.
 */
export function environmentProblemText(p: EnvironmentProblem, where?: string): string {
  if (p.index === undefined) return where ? `${where}: ${p.message}` : p.message;
  const entry = `environment ${p.index + 1}${p.name === undefined ? '' : ` (${p.name})`}`;
  return `${where ? `${where} ` : ''}${entry}: ${p.message}`;
}
