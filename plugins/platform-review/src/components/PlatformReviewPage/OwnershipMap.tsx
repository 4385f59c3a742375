import type { TableColumn } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import Typography from '@material-ui/core/Typography';
import type {
  OwnershipRow,
  ReviewPageQuery,
} from '@internal/plugin-platform-review-common';
import { useCallback } from 'react';
import {
  type PlatformReviewFilters,
  platformReviewApiRef,
} from '../../api/PlatformReviewApi';
import { EntityLinks } from '../EntityLinks';
import { RemoteTable } from '../RemoteTable';
import { EmptyState, Section } from '../Section';
import { EntityNameLink } from '../EntityNameLink';

function Missing(props: { children: string }) {
  return (
    <Typography variant="body2" color="error" component="span">
      {props.children}
    </Typography>
  );
}

function DataStores(props: { row: OwnershipRow }) {
  const { row } = props;
  if (row.dataStores.length === 0) {
    return <EntityLinks entityRefs={[]} none="no data store" />;
  }
  return (
    <>
      {row.dataStores.map(store => (
        <div key={store.entityRef}>
          <EntityNameLink entityRef={store.entityRef} defaultKind="resource" />
          <Typography variant="body2" color="textSecondary" component="span">
            {' '}
            ({store.type ?? 'no type'}) owned by{' '}
          </Typography>
          {store.owner ? (
            <EntityNameLink entityRef={store.owner} defaultKind="group" />
          ) : (
            <Missing>no owner</Missing>
          )}
        </div>
      ))}
    </>
  );
}

const COLUMNS: TableColumn<OwnershipRow>[] = [
  {
    title: 'Service',
    field: 'service',
    render: row => (
      <EntityNameLink entityRef={row.service} defaultKind="component" />
    ),
  },
  {
    title: 'Owner',
    field: 'owner',
    render: row =>
      row.owner ? (
        <EntityNameLink entityRef={row.owner} defaultKind="group" />
      ) : (
        <Missing>no owner</Missing>
      ),
  },
  {
    title: 'System',
    field: 'system',
    render: row =>
      row.system ? (
        <EntityNameLink entityRef={row.system} defaultKind="system" />
      ) : (
        <EntityLinks entityRefs={[]} none="no system" />
      ),
  },
  {
    title: 'Data stores (type, owner)',
    sorting: false,
    render: row => <DataStores row={row} />,
  },
  {
    title: 'Provides APIs',
    sorting: false,
    render: row => (
      <EntityLinks entityRefs={row.providesApis} defaultKind="api" />
    ),
  },
  {
    title: 'Consumes APIs',
    sorting: false,
    render: row => (
      <EntityLinks entityRefs={row.consumesApis} defaultKind="api" />
    ),
  },
];

/**
 * Services × data stores × owning teams: one row per service with its owner, system, the data
 * stores it depends on (each with its own owner) and the APIs it provides and consumes. A page
 * at a time from the backend (searched and sorted there), so it stays quick with thousands of
 * services.
 */
export function OwnershipMap(props: {
  /**
   * How many rows the filters leave (the review summary's ownershipCount); undefined while the
   * summary loads, when the table already asks for its first page.
   */
  count: number | undefined;
  filters: PlatformReviewFilters;
  /** The snapshot shown (or a refresh's generation): a new one starts the table again. */
  snapshot: string;
}) {
  const { count, filters, snapshot } = props;
  const api = useApi(platformReviewApiRef);
  const filtered = Boolean(filters.system || filters.team);
  const fetchPage = useCallback(
    (query: ReviewPageQuery) =>
      api.getOwnershipPage({
        ...query,
        ...filters,
      } as ReviewPageQuery<'ownership'>),
    [api, filters],
  );
  return (
    <Section
      title="Ownership map"
      subheader="Who owns each service, the data stores it uses and the APIs between them"
    >
      {count === 0 ? (
        <EmptyState>
          {filtered
            ? 'No service matches these filters. Clear a filter to see the whole platform.'
            : 'No services in the catalog yet. They appear here once they are created (Create → a commerce service template, or the Commerce platform template for all four).'}
        </EmptyState>
      ) : (
        <RemoteTable<OwnershipRow>
          key={`${snapshot} ${filters.system ?? ''} ${filters.team ?? ''}`}
          label="Ownership map"
          columns={COLUMNS}
          fetchPage={fetchPage}
          searchPlaceholder="Search services, teams, data stores, APIs"
          emptyMessage="No service matches this search."
        />
      )}
    </Section>
  );
}
