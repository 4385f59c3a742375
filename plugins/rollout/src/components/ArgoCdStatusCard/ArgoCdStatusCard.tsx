import { useEffect, useState } from 'react';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import {
  InfoCard,
  Link,
  Progress,
  ResponseErrorPanel,
  StatusAborted,
  StatusError,
  StatusOK,
  StatusPending,
  StatusWarning,
} from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import type {
  ArgoCdApplicationStatus,
  EntityArgoCdStatus,
} from '@internal/plugin-rollout-common';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import type { ReactNode } from 'react';
import { rolloutApiRef } from '../../api';

function useArgoCdStatus() {
  const { entity } = useEntity();
  const api = useApi(rolloutApiRef);
  const entityRef = stringifyEntityRef(entity);
  const [state, setState] = useState<{
    loading: boolean;
    error?: Error;
    status?: EntityArgoCdStatus;
  }>({ loading: true });
  useEffect(() => {
    let current = true;
    setState({ loading: true });
    api.getEntityArgoCdStatus(parseEntityRef(entityRef)).then(
      status => current && setState({ loading: false, status }),
      error => current && setState({ loading: false, error }),
    );
    return () => {
      current = false;
    };
  }, [api, entityRef]);
  return state;
}

function SyncStatus({ value }: { value?: string }) {
  const text = value ?? 'Unknown';
  if (text === 'Synced') return <StatusOK>{text}</StatusOK>;
  if (text === 'OutOfSync') return <StatusWarning>{text}</StatusWarning>;
  return <StatusAborted>{text}</StatusAborted>;
}

function HealthStatus({ value }: { value?: string }) {
  const text = value ?? 'Unknown';
  const byStatus: Record<string, (p: { children: ReactNode }) => JSX.Element> =
    {
      Healthy: StatusOK,
      Progressing: StatusPending,
      Suspended: StatusWarning,
      Degraded: StatusError,
      Missing: StatusError,
    };
  const Status = byStatus[text] ?? StatusAborted;
  return <Status>{text}</Status>;
}

const shortRevision = (revision?: string) => revision?.slice(0, 7) ?? '—';

function History({ app }: { app: ArgoCdApplicationStatus }) {
  if (app.history.length === 0) {
    return <Typography variant="body2">no deployments yet</Typography>;
  }
  return (
    <ul
      aria-label={`Recent deployments of ${app.application}`}
      style={{ margin: 0, paddingLeft: 16 }}
    >
      {app.history.map(deployment => (
        <li key={deployment.id}>
          <code>{shortRevision(deployment.revision)}</code>
          {deployment.deployedAt &&
            ` ${deployment.deployedAt
              .replace('T', ' ')
              .replace(/:\d\dZ$/, 'Z')}`}
          {deployment.initiatedBy && ` (${deployment.initiatedBy})`}
        </li>
      ))}
    </ul>
  );
}

function ApplicationRow({ app }: { app: ArgoCdApplicationStatus }) {
  const name = app.url ? (
    <Link to={app.url}>{app.application}</Link>
  ) : (
    app.application
  );
  if (app.problem) {
    return (
      <TableRow>
        <TableCell>{app.environment}</TableCell>
        <TableCell>{name}</TableCell>
        <TableCell colSpan={3}>
          <StatusWarning>{app.problem}</StatusWarning>
        </TableCell>
      </TableRow>
    );
  }
  return (
    <TableRow>
      <TableCell>{app.environment}</TableCell>
      <TableCell>{name}</TableCell>
      <TableCell>
        <SyncStatus value={app.syncStatus} />
        <Typography variant="caption" display="block">
          {shortRevision(app.revision)}
        </Typography>
      </TableCell>
      <TableCell>
        <HealthStatus value={app.healthStatus} />
        {app.healthMessage && (
          <Typography variant="caption" display="block">
            {app.healthMessage}
          </Typography>
        )}
      </TableCell>
      <TableCell>
        <History app={app} />
      </TableCell>
    </TableRow>
  );
}

/** The entity card: sync status, health and recent history of the service's Argo CD Applications. */
export function ArgoCdStatusCard() {
  const { loading, error, status } = useArgoCdStatus();
  return (
    <InfoCard title="Argo CD">
      {loading && <Progress />}
      {error && <ResponseErrorPanel error={error} />}
      {status && !status.configured && (
        <Typography variant="body2">{status.message}</Typography>
      )}
      {status?.configured && (
        <>
          {status.problems.map(problem => (
            <StatusWarning key={problem}>{problem}</StatusWarning>
          ))}
          {status.applications.length > 0 && (
            <Table size="small" aria-label="Argo CD Applications">
              <TableHead>
                <TableRow>
                  <TableCell>Environment</TableCell>
                  <TableCell>Application</TableCell>
                  <TableCell>Sync</TableCell>
                  <TableCell>Health</TableCell>
                  <TableCell>Recent deployments</TableCell>
                </TableRow>
              </TableHead>
              <TableBody>
                {status.applications.map(app => (
                  <ApplicationRow key={app.environment} app={app} />
                ))}
              </TableBody>
            </Table>
          )}
        </>
      )}
    </InfoCard>
  );
}
