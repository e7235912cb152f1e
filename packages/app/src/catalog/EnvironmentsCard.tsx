import { InfoCard } from '@backstage/core-components';
import { stringifyEntityRef, type Entity } from '@backstage/catalog-model';
import { useApi } from '@backstage/frontend-plugin-api';
import { catalogApiRef, EntityRefLink, useEntity } from '@backstage/plugin-catalog-react';
import Typography from '@material-ui/core/Typography';
import type { EnvironmentView } from '@golden-path/common';
import { useEffect, useState } from 'react';
import { environmentProblems, environmentsFilter, environmentSummary, serviceEnvironments } from './environments';

/**
 * For the person on call and the service's owners: where the service runs — its environments in
 * promotion order and its tenants (each from its tenants/<tenant> branch, with its owner and cost
 * cap) — as the catalog read them from the repository, and what it could not read there.
 */
export function EnvironmentsCard() {
  const { entity } = useEntity();
  const catalogApi = useApi(catalogApiRef);
  const serviceRef = stringifyEntityRef(entity);
  const [resources, setResources] = useState<Entity[] | undefined>(undefined);

  useEffect(() => {
    let live = true;
    catalogApi.getEntities({ filter: environmentsFilter(serviceRef) }).then(
      answer => live && setResources(answer.items),
      () => live && setResources([]),
    );
    return () => {
      live = false;
    };
  }, [catalogApi, serviceRef]);

  const { environments, tenants } = serviceEnvironments(resources ?? [], entity.metadata.name);
  const problems = environmentProblems(entity);

  return (
    <InfoCard title="Environments">
      <div data-testid="environments">
        {resources === undefined && <Typography variant="body2">Loading…</Typography>}
        {resources !== undefined && (
          <>
            <EnvironmentList testId="environments-list" list={environments} empty="None in infra/environments.yaml." />
            <Typography variant="subtitle2" style={{ marginTop: 12 }}>
              Tenants ({tenants.length})
            </Typography>
            <EnvironmentList
              testId="environments-tenants"
              list={tenants}
              empty="None: a tenant is added by pushing its branch tenants/<tenant>."
            />
          </>
        )}
        {problems.length > 0 && (
          <div data-testid="environments-problems" style={{ marginTop: 12 }}>
            <Typography variant="subtitle2" color="error">
              Not read from the repository
            </Typography>
            <ul style={{ margin: 0, paddingLeft: 20 }}>
              {problems.map(problem => (
                <li key={problem}>
                  <Typography variant="body2">{problem}</Typography>
                </li>
              ))}
            </ul>
          </div>
        )}
      </div>
    </InfoCard>
  );
}

function EnvironmentList(props: { testId: string; list: EnvironmentView[]; empty: string }) {
  if (!props.list.length) return <Typography variant="body2">{props.empty}</Typography>;
  return (
    <ul data-testid={props.testId} style={{ margin: 0, paddingLeft: 20 }}>
      {props.list.map(e => (
        <li key={e.ref} data-testid="environment" data-name={e.name} data-kind={e.kind}>
          <Typography variant="body2" component="div">
            <EntityRefLink entityRef={e.ref}>{e.name}</EntityRefLink> <strong>{e.kind}</strong>
            {e.kind === 'tenant' && e.owner && (
              <>
                {' · owner '}
                <EntityRefLink entityRef={e.owner} defaultKind="group" />
              </>
            )}
          </Typography>
          <Typography variant="body2" color="textSecondary" data-testid="environment-summary">
            {environmentSummary(e)}
          </Typography>
        </li>
      ))}
    </ul>
  );
}
