import type { DriftCounts, GoldenPathStatus } from '@golden-path/common';
import { pullRequestPagePath, type PullRequestRecord } from '@golden-path/common/pullRequests';

/** `managed 2, merged 1`, `none`, or what is not known. */
export function driftText(status: GoldenPathStatus | undefined): string {
  if (status?.status === 'unreadable') return 'unknown: .golden-path.yaml cannot be read';
  const counts: DriftCounts | undefined = status?.drift;
  if (!counts) return 'not read yet';
  const parts = Object.entries(counts)
    .filter(([, n]) => n)
    .map(([cls, n]) => `${cls} ${n}`);
  return parts.length ? parts.join(', ') : 'none';
}

/** Where a person opens a pull request: the portal's page for the embedded remote's, GitHub's otherwise. */
export function pullRequestHref(pr: PullRequestRecord): string {
  return pr.provider === 'embedded' ? pullRequestPagePath(pr.repository.slug, pr.number) : pr.url;
}
