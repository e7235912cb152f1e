import { stringifyEntityRef, type Entity } from '@backstage/catalog-model';
import { Content, Header, Page, Progress, Table, WarningPanel, type TableColumn } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { catalogApiRef, CATALOG_FILTER_EXISTS, EntityRefLink } from '@backstage/plugin-catalog-react';
import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import { ANNOTATION_TEMPLATE, goldenPathStatus, type GoldenPathStatus } from '@golden-path/common';
import type { PullRequestRecord } from '@golden-path/common/pullRequests';
import { useEffect, useMemo, useState } from 'react';
import { useGoldenPathClient } from './client';
import { driftText } from './drift';
import { PullRequestLinks } from './PullRequestLinks';

interface Row {
  id: string;
  entityRef: string;
  owner: string;
  status: GoldenPathStatus;
  pulls: PullRequestRecord[];
}

const ALL = '';

/**
 * The platform team's view of every service created from a golden path: its golden path and
 * version, how far behind, its drift and its open upgrade pull requests, filtered by golden path
 * and owner. Read from the catalog's golden-path annotations and the backend's pull requests.
 */
export function FleetPage() {
  const catalogApi = useApi(catalogApiRef);
  const client = useGoldenPathClient();
  const [rows, setRows] = useState<Row[] | undefined>(undefined);
  const [error, setError] = useState<string | undefined>(undefined);
  const [template, setTemplate] = useState(ALL);
  const [owner, setOwner] = useState(ALL);

  useEffect(() => {
    Promise.all([
      catalogApi.getEntities({
        filter: { kind: 'Component', [`metadata.annotations.${ANNOTATION_TEMPLATE}`]: CATALOG_FILTER_EXISTS },
      }),
      client.pulls({ state: 'open' }).catch(() => [] as PullRequestRecord[]),
    ]).then(
      ([{ items }, pulls]) => {
        setRows(
          items.map((entity: Entity) => {
            const entityRef = stringifyEntityRef(entity);
            return {
              id: entityRef,
              entityRef,
              owner: String(entity.spec?.owner ?? ''),
              status: goldenPathStatus(entity)!,
              pulls: pulls.filter(pr => pr.repository.entityRef === entityRef),
            };
          }),
        );
      },
      e => setError((e as Error).message),
    );
  }, [catalogApi, client]);

  const templates = useMemo(() => [...new Set(rows?.map(r => r.status.template))].sort(), [rows]);
  const owners = useMemo(() => [...new Set(rows?.map(r => r.owner))].sort(), [rows]);
  const shown = (rows ?? []).filter(
    r => (!template || r.status.template === template) && (!owner || r.owner === owner),
  );

  const columns: TableColumn<Row>[] = [
    { title: 'Service', field: 'entityRef', render: r => <EntityRefLink entityRef={r.entityRef} /> },
    { title: 'Owner', field: 'owner' },
    { title: 'Golden path', render: r => r.status.template },
    { title: 'Version', render: r => r.status.version ?? 'unknown' },
    { title: 'Latest', render: r => r.status.latest ?? '' },
    { title: 'Behind by', render: r => (r.status.behind === undefined ? '' : String(r.status.behind)) },
    { title: 'Drift', render: r => driftText(r.status) },
    { title: 'Open upgrades', render: r => <PullRequestLinks pulls={r.pulls} /> },
  ];

  const select = (label: string, value: string, set: (v: string) => void, options: string[]) => (
    <TextField
      select
      label={label}
      value={value}
      onChange={e => set(e.target.value)}
      style={{ minWidth: 240, marginRight: 16 }}
      inputProps={{ 'data-testid': `golden-path-fleet-filter-${label.toLowerCase().replace(/ /g, '-')}` }}
    >
      <MenuItem value={ALL}>All</MenuItem>
      {options.map(o => (
        <MenuItem key={o} value={o}>
          {o}
        </MenuItem>
      ))}
    </TextField>
  );

  return (
    <Page themeId="tool">
      <Header title="Fleet" subtitle="Every service created from a golden path: version, drift, upgrades" />
      <Content>
        {error && <WarningPanel severity="error" title="The fleet could not be loaded" message={error} />}
        {!rows && !error && <Progress />}
        {rows && (
          <div data-testid="golden-path-fleet">
            <div style={{ marginBottom: 16 }}>
              {select('Golden path', template, setTemplate, templates)}
              {select('Owner', owner, setOwner, owners)}
            </div>
            <Table<Row>
              title={`${shown.length} of ${rows.length} services`}
              options={{ paging: false, search: false, padding: 'dense' }}
              columns={columns}
              data={shown}
            />
          </div>
        )}
      </Content>
    </Page>
  );
}
