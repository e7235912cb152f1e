import { discoveryApiRef, fetchApiRef, useApi } from '@backstage/frontend-plugin-api';
import {
  pullRequestPaths,
  type PullRequestChangelogEntry,
  type PullRequestList,
  type PullRequestRecord,
  type PullRequestState,
} from '@golden-path/common/pullRequests';
import { useMemo } from 'react';

/** The golden-path backend's answers the portal reads: upgrade pull requests and changelogs. */
export interface GoldenPathClient {
  pulls(query?: { entityRef?: string; state?: PullRequestState }): Promise<PullRequestRecord[]>;
  pull(slug: string, number: number): Promise<PullRequestRecord>;
  /** Merges an open pull request; the backend decides whether the signed-in user may. */
  merge(slug: string, number: number): Promise<PullRequestRecord>;
  /** The releases of a golden path after `after`, newest first, and its latest version. */
  changelog(template: string, after: string): Promise<{ latest: string; entries: PullRequestChangelogEntry[] }>;
}

/** The backend's error message ({error: {message}}), else the status line. */
async function failure(response: Response): Promise<Error> {
  const body = await response.json().catch(() => undefined);
  const message = (body as { error?: { message?: string } } | undefined)?.error?.message;
  return new Error(message ?? `${response.status} ${response.statusText}`);
}

export function useGoldenPathClient(): GoldenPathClient {
  const discovery = useApi(discoveryApiRef);
  const { fetch } = useApi(fetchApiRef);
  return useMemo(() => {
    const call = async <T>(path: string, init?: RequestInit): Promise<T> => {
      const response = await fetch(`${await discovery.getBaseUrl('golden-path')}${path}`, init);
      if (!response.ok) throw await failure(response);
      return (await response.json()) as T;
    };
    return {
      pulls: async (query = {}) => {
        const params = new URLSearchParams(Object.entries(query).filter(([, v]) => v) as [string, string][]);
        const qs = params.toString();
        return (await call<PullRequestList>(`${pullRequestPaths.list}${qs ? `?${qs}` : ''}`)).items;
      },
      pull: (slug, number) => call(pullRequestPaths.one(slug, number)),
      merge: (slug, number) => call(pullRequestPaths.merge(slug, number), { method: 'POST' }),
      changelog: (template, after) =>
        call(`/v1/templates/${encodeURIComponent(template)}/changelog?after=${encodeURIComponent(after)}`),
    };
  }, [discovery, fetch]);
}
