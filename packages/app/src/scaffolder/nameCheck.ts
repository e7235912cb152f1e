/**
 * Client for the golden-path backend's name check:
 * GET /api/golden-path/v1/names/:name?template=<id>&org=<githubOrg>
 * The backend is the authority on the rules and on whether the name is taken
 * (in the catalog or in the git remote); the portal only shows its answer.
 */
import type { NameCheck, NameCheckRequest } from '@golden-path/common';

type Discovery = { getBaseUrl(pluginId: string): Promise<string> };
type Fetch = { fetch: typeof fetch };

export async function fetchNameCheck(
  apis: { discoveryApi: Discovery; fetchApi: Fetch },
  request: NameCheckRequest,
  signal?: AbortSignal,
): Promise<NameCheck> {
  const baseUrl = await apis.discoveryApi.getBaseUrl('golden-path');
  const query = new URLSearchParams();
  if (request.template) query.set('template', request.template);
  if (request.org) query.set('org', request.org);
  const url = `${baseUrl}/v1/names/${encodeURIComponent(request.name)}?${query}`;
  const response = await apis.fetchApi.fetch(url, { signal });
  if (!response.ok) {
    throw new Error(`name check answered ${response.status} ${response.statusText}`);
  }
  return parseNameCheck(await response.json());
}

/** Refuses an answer that is not the documented shape rather than guessing. */
export function parseNameCheck(body: unknown): NameCheck {
  const b = body as Partial<NameCheck> | null;
  if (
    !b ||
    typeof b.name !== 'string' ||
    typeof b.valid !== 'boolean' ||
    typeof b.available !== 'boolean' ||
    !Array.isArray(b.problems) ||
    !b.problems.every(p => typeof p === 'string')
  ) {
    throw new Error('name check returned an unexpected answer');
  }
  return { name: b.name, valid: b.valid, available: b.available, problems: b.problems };
}

/** True when the template's own `pattern` for the field accepts the name (no pattern: any). */
export function matchesSchemaPattern(name: string, pattern: unknown): boolean {
  if (typeof pattern !== 'string') return true;
  return new RegExp(pattern, 'u').test(name);
}

/**
 * The template being filled in, from the scaffolder's wizard route
 * (`.../templates/:namespace/:templateName`): a field validator has no React context.
 */
export function templateNameFromPath(pathname: string): string | undefined {
  const match = /\/templates\/[^/]+\/([^/?#]+)/.exec(pathname);
  return match?.[1] ? decodeURIComponent(match[1]) : undefined;
}
