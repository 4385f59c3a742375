import type { TableColumn } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import type {
  DriftRow,
  ReviewPageQuery,
} from '@internal/plugin-platform-review-common';
import { useCallback } from 'react';
import {
  type PlatformReviewFilters,
  platformReviewApiRef,
} from '../../api/PlatformReviewApi';
import { RemoteTable } from '../RemoteTable';
import { EmptyState, Section } from '../Section';
import { EntityNameLink } from '../EntityNameLink';

const COLUMNS: TableColumn<DriftRow>[] = [
  {
    title: 'Service',
    field: 'service',
    render: row => (
      <EntityNameLink entityRef={row.service} defaultKind="component" />
    ),
  },
  {
    title: 'Generated from',
    field: 'blueprintVersion',
    render: row =>
      row.blueprintVersion ??
      'unknown (no commerce.platform/blueprint-version annotation)',
  },
  {
    title: 'Current blueprint',
    sorting: false,
    render: row => row.currentVersion,
  },
];

/**
 * The services generated from an older blueprint than the current one, a page at a time from
 * the backend (searched and sorted there).
 */
export function DriftSection(props: {
  /** How many generated services the filters leave (the review summary's). */
  count: number;
  /** How many of them are behind the current blueprint. */
  behind: number;
  currentVersion?: string;
  filters: PlatformReviewFilters;
  /** The snapshot shown: a new one starts the table again. */
  snapshot: string;
}) {
  const { count, behind, currentVersion, filters, snapshot } = props;
  const api = useApi(platformReviewApiRef);
  const fetchPage = useCallback(
    (query: ReviewPageQuery) =>
      api.getDriftPage({
        ...query,
        ...filters,
        behind: true,
      } as ReviewPageQuery<'drift'>),
    [api, filters],
  );
  return (
    <Section
      title="Template drift"
      subheader={
        currentVersion
          ? `${behind} of ${count} generated services behind the current blueprint (${currentVersion})`
          : 'Services behind the current blueprint'
      }
    >
      {behind === 0 ? (
        <EmptyState>
          {count === 0
            ? 'No generated services in this view: drift is measured on services that carry commerce.platform/blueprint-version.'
            : `No drift: all ${count} generated service${
                count === 1 ? ' is' : 's are'
              } on the current blueprint (${currentVersion}).`}
        </EmptyState>
      ) : (
        <RemoteTable<DriftRow>
          key={`${snapshot} ${filters.system ?? ''} ${filters.team ?? ''}`}
          label="Template drift"
          columns={COLUMNS}
          fetchPage={fetchPage}
          searchPlaceholder="Search services, versions"
          emptyMessage="No service behind the blueprint matches this search."
        />
      )}
    </Section>
  );
}
