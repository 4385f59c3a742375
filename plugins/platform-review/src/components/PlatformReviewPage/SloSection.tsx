import type { TableColumn } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import Typography from '@material-ui/core/Typography';
import type {
  ReviewPageQuery,
  SloAchievability,
} from '@internal/plugin-platform-review-common';
import { useCallback } from 'react';
import {
  type PlatformReviewFilters,
  platformReviewApiRef,
} from '../../api/PlatformReviewApi';
import { RemoteTable } from '../RemoteTable';
import { FlagChip } from '../decisions/FlagChip';
import { EntityLinks } from '../EntityLinks';
import { formatPercent } from '@internal/plugin-slo-common';
import { EmptyState, Section } from '../Section';
import { EntityNameLink } from '../EntityNameLink';

function Status(props: { slo: SloAchievability }) {
  const { slo } = props;
  if (slo.declared === undefined) {
    return <FlagChip label="No objective" tone="quiet" />;
  }
  // With a dependency of unknown availability the backend reports achievableOk false, but
  // nothing is known to be short: say it cannot be confirmed rather than "not achievable".
  if (slo.unknownDependencies?.length) {
    return <FlagChip label="Cannot confirm" tone="warning" />;
  }
  return (
    <FlagChip
      label={slo.achievableOk ? 'OK' : 'Not achievable'}
      tone={slo.achievableOk ? 'ok' : 'alarm'}
    />
  );
}

function Chain(props: { slo: SloAchievability }) {
  const { chain, softDependencies, unknownDependencies = [] } = props.slo;
  return (
    <>
      {chain.length === 0 && unknownDependencies.length === 0 ? (
        <Typography variant="body2" color="textSecondary">
          no hard dependencies
        </Typography>
      ) : (
        chain.map(link => (
          <Typography variant="body2" key={link.entityRef}>
            <EntityNameLink entityRef={link.entityRef} />{' '}
            {formatPercent(link.availability)}{' '}
            <Typography variant="body2" color="textSecondary" component="span">
              ({link.source})
            </Typography>
          </Typography>
        ))
      )}
      {unknownDependencies.length > 0 && (
        <Typography variant="body2" color="error">
          Availability unknown: <EntityLinks entityRefs={unknownDependencies} />
        </Typography>
      )}
      {softDependencies.length > 0 && (
        <Typography variant="body2" color="textSecondary">
          Soft, not counted: <EntityLinks entityRefs={softDependencies} />
        </Typography>
      )}
    </>
  );
}

const COLUMNS: TableColumn<SloAchievability>[] = [
  {
    title: 'Service',
    field: 'service',
    render: row => (
      <EntityNameLink entityRef={row.service} defaultKind="component" />
    ),
  },
  {
    title: 'Declared',
    field: 'declared',
    align: 'right',
    render: row =>
      row.declared === undefined
        ? 'none declared'
        : formatPercent(row.declared),
  },
  {
    title: 'Achievable',
    field: 'achievable',
    align: 'right',
    render: row => formatPercent(row.achievable),
  },
  { title: 'Status', sorting: false, render: row => <Status slo={row} /> },
  {
    title: 'Why',
    sorting: false,
    render: row => <Typography variant="body2">{row.explanation}</Typography>,
  },
  {
    title: 'Hard dependencies, weakest first',
    sorting: false,
    render: row => <Chain slo={row} />,
  },
];

/**
 * Per service: the availability it declares against what its hard dependencies in series can
 * give, and why in words; a page at a time from the backend (searched and sorted there).
 */
export function SloSection(props: {
  /** How many rows the filters leave (the review summary's). */
  count: number;
  /** How many of them declare an objective that cannot be met. */
  notAchievable: number;
  filters: PlatformReviewFilters;
  /** The snapshot shown: a new one starts the table again. */
  snapshot: string;
}) {
  const { count, notAchievable, filters, snapshot } = props;
  const api = useApi(platformReviewApiRef);
  const fetchPage = useCallback(
    (query: ReviewPageQuery) =>
      api.getSloPage({ ...query, ...filters } as ReviewPageQuery<'slo'>),
    [api, filters],
  );
  return (
    <Section
      title="SLO achievability"
      subheader={
        count === 0
          ? "Declared availability against the product of the hard dependencies' availabilities"
          : `${count} service${
              count === 1 ? '' : 's'
            }, ${notAchievable} not achievable: declared availability against the product of the hard dependencies' availabilities`
      }
    >
      {count === 0 ? (
        <EmptyState>
          No service in this view declares an availability objective. A service
          declares one in the OpenSLO file its commerce.platform/slo-file
          annotation names; the review then checks it against its hard
          dependencies (dependsOn, minus commerce.platform/soft-dependencies).
        </EmptyState>
      ) : (
        <RemoteTable<SloAchievability>
          key={`${snapshot} ${filters.system ?? ''} ${filters.team ?? ''}`}
          label="SLO achievability"
          columns={COLUMNS}
          fetchPage={fetchPage}
          searchPlaceholder="Search services, dependencies, reasons"
          emptyMessage="No service matches this search."
        />
      )}
    </Section>
  );
}
