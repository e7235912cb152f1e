import { InfoCard, Link } from '@backstage/core-components';
import { RELATION_HAS_MEMBER, type Entity } from '@backstage/catalog-model';
import { discoveryApiRef, fetchApiRef, useApi } from '@backstage/frontend-plugin-api';
import { catalogApiRef, EntityRefLink, useEntity } from '@backstage/plugin-catalog-react';
import Typography from '@material-ui/core/Typography';
import { useEffect, useState } from 'react';
import { runbookPages } from './runbooks';

/**
 * For the person on call: the owning group, how to reach it and who is in it, and the service's
 * runbooks (one per alarm, each the page its alarm links) in its TechDocs.
 */
export function OnCallCard() {
  const { entity } = useEntity();
  const catalogApi = useApi(catalogApiRef);
  const discoveryApi = useApi(discoveryApiRef);
  const fetchApi = useApi(fetchApiRef);
  const ownerRef = typeof entity.spec?.owner === 'string' ? entity.spec.owner : undefined;
  const namespace = entity.metadata.namespace ?? 'default';
  const kind = entity.kind.toLowerCase();
  const docs = `/docs/${namespace}/${kind}/${entity.metadata.name}`;
  const [owner, setOwner] = useState<Entity | null | undefined>(undefined);
  const [runbooks, setRunbooks] = useState<string[] | undefined>(undefined);

  useEffect(() => {
    if (!ownerRef) return undefined;
    let live = true;
    catalogApi.getEntityByRef(ownerRef.includes(':') ? ownerRef : `group:${ownerRef}`).then(
      found => live && setOwner(found ?? null),
      () => live && setOwner(null),
    );
    return () => {
      live = false;
    };
  }, [catalogApi, ownerRef]);

  useEffect(() => {
    let live = true;
    (async () => {
      const base = await discoveryApi.getBaseUrl('techdocs');
      const response = await fetchApi.fetch(`${base}/metadata/techdocs/${namespace}/${kind}/${entity.metadata.name}`);
      return response.ok ? runbookPages((await response.json()).files) : [];
    })().then(
      pages => live && setRunbooks(pages),
      () => live && setRunbooks([]),
    );
    return () => {
      live = false;
    };
  }, [discoveryApi, fetchApi, namespace, kind, entity.metadata.name]);

  const email = (owner?.spec?.profile as { email?: string } | undefined)?.email;
  const members = (owner?.relations ?? []).filter(r => r.type === RELATION_HAS_MEMBER).map(r => r.targetRef);

  return (
    <InfoCard title="On call">
      <div data-testid="on-call">
        <Typography variant="subtitle2">Owner</Typography>
        <Typography variant="body2" component="div" data-testid="on-call-owner">
          {ownerRef ? <EntityRefLink entityRef={ownerRef} defaultKind="group" /> : 'none'}
          {email && (
            <>
              {' · '}
              <Link to={`mailto:${email}`}>{email}</Link>
            </>
          )}
        </Typography>
        {members.length > 0 && (
          <Typography variant="body2" component="div" data-testid="on-call-members">
            {members.map((member, i) => (
              <span key={member}>
                {i > 0 && ', '}
                <EntityRefLink entityRef={member} defaultKind="user" />
              </span>
            ))}
          </Typography>
        )}
        <Typography variant="subtitle2" style={{ marginTop: 12 }}>
          Runbooks
        </Typography>
        {runbooks && runbooks.length > 0 ? (
          <ul data-testid="on-call-runbooks" style={{ margin: 0, paddingLeft: 20 }}>
            {runbooks.map(runbook => (
              <li key={runbook}>
                <Link to={`${docs}/runbooks/${runbook}/`}>{runbook}</Link>
              </li>
            ))}
          </ul>
        ) : (
          <Typography variant="body2">
            <Link to={`${docs}/runbooks/`}>All alarms and their runbooks</Link> (in Docs)
          </Typography>
        )}
      </div>
    </InfoCard>
  );
}
