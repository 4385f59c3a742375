import {
  Link,
  StatusError,
  StatusOK,
  StatusWarning,
} from '@backstage/core-components';
import { useEntity } from '@backstage/plugin-catalog-react';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import {
  type EntitySloReport,
  runbookPath,
  type SloAlert,
} from '@internal/plugin-slo-common';
import { formatInstant } from './format';

/**
 * TechDocs' annotation (TECHDOCS_ANNOTATION of @backstage/plugin-techdocs-common, which this
 * plugin does not otherwise need): without it the entity has no docs, so no runbook page.
 */
const ANNOTATION_TECHDOCS_REF = 'backstage.io/techdocs-ref';

const useStyles = makeStyles(theme => ({
  section: { marginBottom: theme.spacing(1) },
  alert: { padding: theme.spacing(0.5, 0) },
  detail: { color: theme.palette.text.secondary },
  links: {
    display: 'flex',
    flexWrap: 'wrap',
    gap: theme.spacing(2),
    marginTop: theme.spacing(1),
  },
}));

/** A page that fires is an error; a ticket, or anything still pending, a warning. */
function AlertStatus(props: { alert: SloAlert; children: string }) {
  const { alert, children } = props;
  return alert.state === 'firing' && alert.severity === 'page' ? (
    <StatusError>{children}</StatusError>
  ) : (
    <StatusWarning>{children}</StatusWarning>
  );
}

/** One alert: its name, state and severity, since when, what it says, and its runbook section. */
function SloAlertItem(props: { alert: SloAlert }) {
  const classes = useStyles();
  const { alert } = props;
  const facts = [
    alert.state,
    alert.severity,
    alert.since && `since ${formatInstant(alert.since)}`,
  ].filter(Boolean);
  return (
    <Box className={classes.alert} data-testid={`slo-alert-${alert.name}`}>
      <Typography variant="body2" component="div">
        <AlertStatus alert={alert}>{alert.name}</AlertStatus>{' '}
        <span className={classes.detail}>({facts.join(', ')})</span>
        {alert.runbookUrl && (
          <>
            {' · '}
            <Link to={alert.runbookUrl}>runbook</Link>
          </>
        )}
      </Typography>
      {alert.summary && (
        <Typography
          variant="caption"
          component="div"
          className={classes.detail}
        >
          {alert.summary}
        </Typography>
      )}
    </Box>
  );
}

/** The service's pending and firing alerts, "No alerts firing", or why they are not known. */
export function SloAlertList(props: { report: EntitySloReport }) {
  const classes = useStyles();
  const { alerts } = props.report;
  let content;
  if (alerts.status !== 'read') {
    content = (
      <Typography variant="body2" className={classes.detail}>
        {alerts.message}
      </Typography>
    );
  } else if (alerts.alerts.length === 0) {
    content = (
      <Typography variant="body2" component="div">
        <StatusOK>No alerts firing</StatusOK>
      </Typography>
    );
  } else {
    content = alerts.alerts.map(alert => (
      <SloAlertItem
        key={`${alert.name}/${alert.slo}/${alert.since}`}
        alert={alert}
      />
    ));
  }
  return (
    <Box className={classes.section} component="section" aria-label="Alerts">
      {/* Not a heading: the objectives' names are the card's headings. */}
      <Typography variant="subtitle2" component="div">
        Alerts
      </Typography>
      {content}
    </Box>
  );
}

/**
 * The service's SLO dashboard and runbook. A missing link says why (nothing configured, no
 * annotation) rather than leaving the reader to wonder where it went.
 */
export function SloLinks(props: { report: EntitySloReport }) {
  const classes = useStyles();
  const { entity } = useEntity();
  const { dashboard } = props.report;
  const hasTechDocs = Boolean(
    entity.metadata.annotations?.[ANNOTATION_TECHDOCS_REF],
  );
  return (
    <Box className={classes.links}>
      {dashboard.url ? (
        <Link to={dashboard.url}>SLO dashboard</Link>
      ) : (
        <Typography variant="body2" className={classes.detail}>
          {dashboard.message}
        </Typography>
      )}
      {hasTechDocs ? (
        <Link
          to={runbookPath({
            kind: entity.kind,
            namespace: entity.metadata.namespace,
            name: entity.metadata.name,
          })}
        >
          Runbook
        </Link>
      ) : (
        <Typography variant="body2" className={classes.detail}>
          No runbook: the entity has no TechDocs ({ANNOTATION_TECHDOCS_REF}).
        </Typography>
      )}
    </Box>
  );
}
