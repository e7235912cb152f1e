import { InfoCard, StructuredMetadataTable } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { catalogApiRef, EntityRefLink, useEntity } from '@backstage/plugin-catalog-react';
import Typography from '@material-ui/core/Typography';
import { goldenPathTemplate, goldenPathVersion } from '@golden-path/common';
import { useEffect, useState, type ReactElement } from 'react';

/**
 * Which golden path (and version) a service was created from, and whether that golden path has a
 * newer version since: the starting point of an upgrade (`golden-path upgrade`).
 */
export function GoldenPathOriginCard() {
  const { entity } = useEntity();
  const catalogApi = useApi(catalogApiRef);
  const template = goldenPathTemplate(entity) ?? '';
  const version = goldenPathVersion(entity);
  const templateRef = `template:default/${template}`;
  const [latest, setLatest] = useState<string | null | undefined>(undefined);

  useEffect(() => {
    let live = true;
    catalogApi.getEntityByRef(templateRef).then(
      found => live && setLatest(found ? (goldenPathVersion(found) ?? null) : null),
      () => live && setLatest(null),
    );
    return () => {
      live = false;
    };
  }, [catalogApi, templateRef]);

  const metadata: Record<string, ReactElement | string> = {
    'Golden path': <EntityRefLink entityRef={templateRef} title={template} />,
    'Created from version': version ?? 'unknown',
  };
  if (latest) metadata['Latest version'] = latest;

  return (
    <InfoCard title="Golden path" variant="gridItem">
      <div data-testid="golden-path-origin">
        <StructuredMetadataTable metadata={metadata} />
        {latest && version && latest !== version && (
          <Typography variant="body2" style={{ marginTop: 8 }}>
            Version {latest} is available: run <code>golden-path upgrade</code> in the repository.
          </Typography>
        )}
      </div>
    </InfoCard>
  );
}
