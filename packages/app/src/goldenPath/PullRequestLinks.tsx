import { Link } from '@backstage/core-components';
import type { PullRequestRecord } from '@golden-path/common/pullRequests';
import { pullRequestHref } from './drift';

/** Open upgrade pull requests, one link each: `#2 Upgrade to 2.0.0 (3 conflicts)`. */
export function PullRequestLinks({ pulls }: { pulls: PullRequestRecord[] }) {
  if (!pulls.length) return <>none</>;
  return (
    <span data-testid="golden-path-pulls">
      {pulls.map((pr, i) => (
        <span key={`${pr.repository.slug}#${pr.number}`}>
          {i > 0 && ', '}
          <Link to={pullRequestHref(pr)}>
            #{pr.number} {pr.fromVersion} → {pr.toVersion}
          </Link>
          {pr.conflicts.length > 0 && ` (${pr.conflicts.length} conflict${pr.conflicts.length > 1 ? 's' : ''})`}
        </span>
      ))}
    </span>
  );
}
