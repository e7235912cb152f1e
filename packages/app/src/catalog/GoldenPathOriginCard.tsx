import { InfoCard, StructuredMetadataTable } from '@backstage/core-components';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { useApi } from '@backstage/frontend-plugin-api';
import { catalogApiRef, EntityRefLink, useEntity } from '@backstage/plugin-catalog-react';
import Typography from '@material-ui/core/Typography';
import { goldenPathStatus, goldenPathVersion } from '@golden-path/common';
import type { PullRequestChangelogEntry, PullRequestRecord } from '@golden-path/common/pullRequests';
import { useCallback, useEffect, useState, type ReactElement } from 'react';
import { ChangelogList } from '../goldenPath/ChangelogList';
import { useGoldenPathClient } from '../goldenPath/client';
import { driftText } from '../goldenPath/drift';
import { PullRequestLinks } from '../goldenPath/PullRequestLinks';
import { UpgradeButton } from './UpgradeButton';

/**
 * Which golden path (and version) a service was created from, where its main branch is now, its
 * drift (from the catalog's golden-path annotations), and when a newer version exists: what it
 * brings, an Upgrade button and the upgrade pull requests that are open.
 */
export function GoldenPathOriginCard() {
  const { entity } = useEntity();
  const catalogApi = useApi(catalogApiRef);
  const client = useGoldenPathClient();
  const status = goldenPathStatus(entity);
  const template = status?.template ?? '';
  const version = status?.version;
  const entityRef = stringifyEntityRef(entity);
  const templateRef = `template:default/${template}`;
  const [templateVersion, setTemplateVersion] = useState<string | null | undefined>(undefined);
  const [changelog, setChangelog] = useState<PullRequestChangelogEntry[]>([]);
  const [pulls, setPulls] = useState<PullRequestRecord[] | undefined>(undefined);
  const [upgrading, setUpgrading] = useState(false);
  // The processor's latest, else the Template's own version in the catalog.
  const latest = status?.latest ?? templateVersion ?? undefined;
  const behind = !!latest && !!version && latest !== version && status?.status !== 'up-to-date';

  useEffect(() => {
    let live = true;
    catalogApi.getEntityByRef(templateRef).then(
      found => live && setTemplateVersion(found ? (goldenPathVersion(found) ?? null) : null),
      () => live && setTemplateVersion(null),
    );
    return () => {
      live = false;
    };
  }, [catalogApi, templateRef]);

  useEffect(() => {
    if (!behind || !version) return undefined;
    let live = true;
    client.changelog(template, version).then(
      answer => live && setChangelog(answer.entries),
      () => live && setChangelog([]),
    );
    return () => {
      live = false;
    };
  }, [client, template, version, behind]);

  const loadPulls = useCallback(() => {
    client.pulls({ entityRef, state: 'open' }).then(setPulls, () => setPulls([]));
  }, [client, entityRef]);
  useEffect(loadPulls, [loadPulls]);

  const metadata: Record<string, ReactElement | string> = {
    'Golden path': <EntityRefLink entityRef={templateRef} title={template} />,
    'Created from version': status?.createdFrom ?? version ?? 'unknown',
    'Current version': version ?? 'unknown',
  };
  if (latest) metadata['Latest version'] = latest;
  metadata.Drift = (
    <span data-testid="golden-path-drift">
      {driftText(status)}
      {status?.managedDrift && ' (platform-owned files changed: an upgrade overwrites them)'}
    </span>
  );
  if (pulls) metadata['Open upgrades'] = <PullRequestLinks pulls={pulls} />;
  const openForLatest = pulls?.some(pr => pr.toVersion === latest);

  return (
    <InfoCard title="Golden path" variant="gridItem">
      <div data-testid="golden-path-origin">
        <StructuredMetadataTable metadata={metadata} />
        {behind && (
          <div data-testid="golden-path-available" style={{ marginTop: 8 }}>
            <Typography variant="subtitle1">{latest} available</Typography>
            <ChangelogList entries={changelog} />
            {/* Kept while its task runs and after, so its outcome stays shown beside the new pull request. */}
            {(!openForLatest || upgrading) && (
              <UpgradeButton
                entityRef={entityRef}
                toVersion={latest!}
                onStart={() => setUpgrading(true)}
                onDone={loadPulls}
              />
            )}
          </div>
        )}
      </div>
    </InfoCard>
  );
}
