import Typography from '@material-ui/core/Typography';
import type { PullRequestChangelogEntry } from '@golden-path/common/pullRequests';

/** The releases an upgrade brings, newest first, each with what changed. */
export function ChangelogList({ entries }: { entries: PullRequestChangelogEntry[] }) {
  return (
    <div data-testid="golden-path-changelog">
      {entries.map(entry => (
        <div key={entry.version}>
          <Typography variant="subtitle2">
            {entry.version} ({entry.date})
          </Typography>
          <ul style={{ marginTop: 0 }}>
            {entry.changes.map(change => (
              <li key={change}>
                <Typography variant="body2">{change}</Typography>
              </li>
            ))}
          </ul>
        </div>
      ))}
    </div>
  );
}
