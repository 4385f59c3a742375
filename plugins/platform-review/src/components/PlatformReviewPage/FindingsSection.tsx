import type { TableColumn } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import Alert from '@material-ui/lab/Alert';
import type {
  FindingRule,
  FindingSeverity,
  ReviewFinding,
  ReviewPageQuery,
} from '@internal/plugin-platform-review-common';
import { useCallback } from 'react';
import {
  type PlatformReviewFilters,
  platformReviewApiRef,
} from '../../api/PlatformReviewApi';
import { EntityLinks } from '../EntityLinks';
import { RemoteTable } from '../RemoteTable';
import { Section } from '../Section';

/** Each rule's heading, in the order a lead reads them: boundaries first, then the rest. */
export const RULES: Array<{ rule: FindingRule; title: string }> = [
  { rule: 'shared-data-store', title: 'Data store shared by several owners' },
  {
    rule: 'foreign-data-store',
    title: "Service reads another service's data store",
  },
  { rule: 'gateway-owns-data', title: 'Gateway or edge holds durable data' },
  { rule: 'missing-owner', title: 'No owner' },
  { rule: 'owner-not-a-group', title: 'Owner is not a team' },
  {
    rule: 'undeclared-api-consumption',
    title: 'Cross-system call without a declared API',
  },
  { rule: 'malformed-entity', title: 'Entity the review cannot read' },
  { rule: 'slo-not-achievable', title: 'SLO not achievable' },
  { rule: 'over-budget', title: 'Over budget' },
  { rule: 'decision-due', title: 'Decision due for revisit' },
  { rule: 'template-drift', title: 'Behind the current blueprint' },
];

/** The rules that check the ownership boundaries (the rest have their own sections too). */
const BOUNDARY_RULES = new Set<string>([
  'shared-data-store',
  'foreign-data-store',
  'gateway-owns-data',
  'missing-owner',
  'owner-not-a-group',
  'undeclared-api-consumption',
  'malformed-entity',
]);

const SEVERITY_LABEL: Record<FindingSeverity, string> = {
  error: 'Error',
  warning: 'Warning',
  info: 'Info',
};

const useStyles = makeStyles(theme => ({
  group: { marginBottom: theme.spacing(2) },
  fix: { marginTop: theme.spacing(0.5) },
  counts: { margin: 0, paddingLeft: theme.spacing(2.5) },
}));

const titleOf = (rule: string) =>
  RULES.find(r => r.rule === rule)?.title ?? rule;

function Finding(props: { finding: ReviewFinding }) {
  const { finding } = props;
  const classes = useStyles();
  return (
    <>
      <Typography variant="body2">{finding.message}</Typography>
      <Typography variant="body2">
        Involved: <EntityLinks entityRefs={finding.entityRefs} />
      </Typography>
      <Typography variant="body2" className={classes.fix}>
        <strong>Fix:</strong> {finding.fix}
      </Typography>
    </>
  );
}

const COLUMNS: TableColumn<ReviewFinding>[] = [
  {
    title: 'Rule',
    field: 'rule',
    width: '20%',
    render: finding => titleOf(finding.rule),
  },
  {
    title: 'Severity',
    field: 'severity',
    width: '10%',
    render: finding => (
      <Alert severity={finding.severity} icon={false}>
        {SEVERITY_LABEL[finding.severity]}
      </Alert>
    ),
  },
  {
    title: 'Finding',
    field: 'message',
    render: finding => <Finding finding={finding} />,
  },
];

/**
 * The findings, by rule in reading order (boundaries first) and worst first within a rule, a
 * page at a time from the backend (searched and sorted there); above them how many each rule
 * has. Says plainly when the boundary checks found nothing, since "no findings" is itself what
 * a lead wants to know.
 */
export function FindingsSection(props: {
  /** How many findings each rule has under the filters (the review summary's). */
  counts: Partial<Record<string, number>>;
  filters: PlatformReviewFilters;
  /** The snapshot shown: a new one starts the table again. */
  snapshot: string;
}) {
  const { counts, filters, snapshot } = props;
  const classes = useStyles();
  const api = useApi(platformReviewApiRef);
  const known = new Set(RULES.map(r => r.rule as string));
  // A rule the backend added after this page was written still shows, under its id.
  const rules = [
    ...RULES,
    ...Object.keys(counts)
      .filter(rule => !known.has(rule))
      .map(rule => ({ rule, title: rule })),
  ].filter(({ rule }) => (counts[rule] ?? 0) > 0);
  const boundaryClean = !rules.some(({ rule }) => BOUNDARY_RULES.has(rule));
  const fetchPage = useCallback(
    (query: ReviewPageQuery) =>
      api.getFindingsPage({
        ...query,
        ...filters,
      } as ReviewPageQuery<'findings'>),
    [api, filters],
  );

  return (
    <Section
      title="Findings"
      subheader="What breaks the platform's rules, who is involved, and the fix"
    >
      {boundaryClean && (
        <Box className={classes.group}>
          <Alert severity="success">
            No boundary findings: every data store has one owner and only its
            owner's services use it, every service and data store is owned by a
            team, and calls across systems go through declared APIs.
          </Alert>
        </Box>
      )}
      {rules.length === 0 ? (
        <Alert severity="success">
          Nothing else either: every declared SLO is achievable, spend is within
          budget, no deferred decision is due, and every service is on the
          current blueprint.
        </Alert>
      ) : (
        <>
          <ul className={classes.counts} aria-label="Findings by rule">
            {rules.map(({ rule, title }) => (
              <li key={rule}>
                <Typography variant="body2">
                  {title} ({counts[rule]})
                </Typography>
              </li>
            ))}
          </ul>
          <RemoteTable<ReviewFinding>
            key={`${snapshot} ${filters.system ?? ''} ${filters.team ?? ''}`}
            label="Findings"
            columns={COLUMNS}
            fetchPage={fetchPage}
            searchPlaceholder="Search findings, entities, fixes"
            emptyMessage="No finding matches this search."
          />
        </>
      )}
    </Section>
  );
}
