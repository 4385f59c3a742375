import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import Alert from '@material-ui/lab/Alert';
import type {
  FindingRule,
  FindingSeverity,
  ReviewFinding,
} from '@internal/plugin-platform-review-common';
import { EntityLinks } from '../EntityLinks';
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

const SEVERITY_ORDER: Record<FindingSeverity, number> = {
  error: 0,
  warning: 1,
  info: 2,
};

const SEVERITY_LABEL: Record<FindingSeverity, string> = {
  error: 'Error',
  warning: 'Warning',
  info: 'Info',
};

const useStyles = makeStyles(theme => ({
  group: { marginBottom: theme.spacing(2) },
  fix: { marginTop: theme.spacing(0.5) },
}));

function Finding(props: { finding: ReviewFinding }) {
  const { finding } = props;
  const classes = useStyles();
  return (
    <Alert severity={finding.severity} role="listitem">
      <Typography variant="body2">
        <strong>{SEVERITY_LABEL[finding.severity]}:</strong> {finding.message}
      </Typography>
      <Typography variant="body2">
        Involved: <EntityLinks entityRefs={finding.entityRefs} />
      </Typography>
      <Typography variant="body2" className={classes.fix}>
        <strong>Fix:</strong> {finding.fix}
      </Typography>
    </Alert>
  );
}

/**
 * The findings grouped by rule, worst first within a group; says plainly when the boundary
 * checks found nothing, since "no findings" is itself what a lead wants to know.
 */
export function FindingsSection(props: { findings: ReviewFinding[] }) {
  const { findings } = props;
  const classes = useStyles();
  const known = new Set(RULES.map(r => r.rule as string));
  // A rule the backend added after this page was written still shows, under its id.
  const rules = [
    ...RULES,
    ...[...new Set(findings.map(f => f.rule))]
      .filter(rule => !known.has(rule))
      .map(rule => ({ rule, title: rule })),
  ];
  const groups = rules
    .map(({ rule, title }) => ({
      rule,
      title,
      findings: findings
        .filter(f => f.rule === rule)
        .sort(
          (a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity],
        ),
    }))
    .filter(group => group.findings.length > 0);
  const boundaryClean = !findings.some(f => BOUNDARY_RULES.has(f.rule));

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
      {groups.length === 0 && (
        <Alert severity="success">
          Nothing else either: every declared SLO is achievable, spend is within
          budget, no deferred decision is due, and every service is on the
          current blueprint.
        </Alert>
      )}
      {groups.map(group => (
        <Box
          key={group.rule}
          className={classes.group}
          component="section"
          aria-label={group.title}
        >
          <Typography variant="h6" component="h3">
            {group.title} ({group.findings.length})
          </Typography>
          <Box
            role="list"
            display="flex"
            flexDirection="column"
            style={{ gap: 8 }}
          >
            {group.findings.map(finding => (
              <Finding
                key={`${finding.message}|${finding.entityRefs.join()}`}
                finding={finding}
              />
            ))}
          </Box>
        </Box>
      ))}
    </Section>
  );
}
