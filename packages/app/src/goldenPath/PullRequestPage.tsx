import { Content, Header, Page, Progress, WarningPanel } from '@backstage/core-components';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import Button from '@material-ui/core/Button';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import type { PullRequestRecord } from '@golden-path/common/pullRequests';
import { useEffect, useState, type ReactNode } from 'react';
import { useParams } from 'react-router-dom';
import { ChangelogList } from './ChangelogList';
import { useGoldenPathClient } from './client';

function Section(props: { title: string; testId: string; children: ReactNode }) {
  return (
    <section data-testid={props.testId} style={{ marginBottom: 24 }}>
      <Typography variant="h6">{props.title}</Typography>
      {props.children}
    </section>
  );
}

function Rows(props: { head: string[]; rows: (string | number)[][] }) {
  return (
    <Table size="small">
      <TableHead>
        <TableRow>
          {props.head.map(h => (
            <TableCell key={h}>{h}</TableCell>
          ))}
        </TableRow>
      </TableHead>
      <TableBody>
        {props.rows.map(row => (
          <TableRow key={String(row[0])}>
            {row.map((cell, i) => (
              <TableCell key={i}>{cell}</TableCell>
            ))}
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

/** What the gate said about the branch's merged content, validator by validator. */
function GateVerdict({ pr }: { pr: PullRequestRecord }) {
  const gate = pr.gate;
  if (!gate) return <Typography variant="body2">The gate has not run on this branch yet.</Typography>;
  return (
    <>
      <Typography variant="body1" data-testid="golden-path-pull-gate-verdict">
        {gate.passed ? 'Passed' : 'Failed'} on {gate.commit.slice(0, 12)} ({gate.checkedAt})
        {gate.error && `: ${gate.error}`}
      </Typography>
      <Rows
        head={['validator', 'verdict', 'errors', 'warnings', 'first findings']}
        rows={gate.validators.map(v => [
          v.validator,
          v.skipped ? `skipped: ${v.skipped}` : v.passed ? 'passed' : 'failed',
          v.errors,
          v.warnings,
          (v.findings ?? []).join('\n'),
        ])}
      />
    </>
  );
}

/** An upgrade pull request of the embedded remote: what it changes, what needs a decision, the gate, merge. */
export function PullRequestPage() {
  const { owner = '', name = '', number = '' } = useParams();
  const slug = `${owner}/${name}`;
  const client = useGoldenPathClient();
  const [pr, setPr] = useState<PullRequestRecord | undefined>(undefined);
  const [error, setError] = useState<string | undefined>(undefined);
  const [merging, setMerging] = useState(false);

  useEffect(() => {
    client.pull(slug, Number(number)).then(setPr, e => setError((e as Error).message));
  }, [client, slug, number]);

  const merge = async () => {
    setMerging(true);
    setError(undefined);
    try {
      setPr(await client.merge(slug, Number(number)));
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setMerging(false);
    }
  };

  const title = pr ? `${slug} #${pr.number}: ${pr.title}` : `${slug} #${number}`;
  return (
    <Page themeId="tool">
      <Header title={title} subtitle="Golden-path upgrade pull request" />
      <Content>
        {error && (
          <WarningPanel severity="error" title="The pull request could not be loaded or merged" message={error} />
        )}
        {!pr && !error && <Progress />}
        {pr && (
          <div data-testid="golden-path-pull">
            <Section title="Summary" testId="golden-path-pull-summary">
              <Typography variant="body1">
                <b data-testid="golden-path-pull-state">{pr.state}</b>: {pr.branch} into {pr.base}, {pr.template}{' '}
                {pr.fromVersion} → {pr.toVersion}, opened by {pr.author} at {pr.createdAt}
                {pr.mergedAt && `, merged by ${pr.mergedBy ?? 'unknown'} at ${pr.mergedAt}`}.
              </Typography>
              <Typography variant="body2">
                Service: <EntityRefLink entityRef={pr.repository.entityRef} />
              </Typography>
              {pr.state === 'open' && (
                <Button
                  variant="contained"
                  color="primary"
                  disabled={merging}
                  onClick={merge}
                  data-testid="golden-path-pull-merge"
                  style={{ marginTop: 8 }}
                >
                  {merging ? 'Merging…' : `Merge into ${pr.base}`}
                </Button>
              )}
            </Section>
            <Section title={`Conflicts (${pr.conflicts.length})`} testId="golden-path-pull-conflicts">
              {pr.conflicts.length ? (
                <Rows
                  head={['file', 'class', 'reason', 'hunks']}
                  rows={pr.conflicts.map(c => [c.path, c.class, c.reason, c.hunks ?? ''])}
                />
              ) : (
                <Typography variant="body2">None: every file merged.</Typography>
              )}
            </Section>
            <Section title="Policy gate on the merged result" testId="golden-path-pull-gate">
              <GateVerdict pr={pr} />
            </Section>
            <Section title={`Files (${pr.files.length})`} testId="golden-path-pull-files">
              <Rows head={['file', 'class', 'outcome']} rows={pr.files.map(f => [f.path, f.class, f.outcome])} />
            </Section>
            <Section title="Values" testId="golden-path-pull-values">
              <Typography variant="body2">
                Added: {JSON.stringify(pr.values.added)}; dropped: {JSON.stringify(pr.values.dropped)}; renamed:{' '}
                {JSON.stringify(pr.values.renamed)}
              </Typography>
            </Section>
            <Section title="Changelog" testId="golden-path-pull-changelog">
              <ChangelogList entries={pr.changelog} />
            </Section>
          </div>
        )}
      </Content>
    </Page>
  );
}
