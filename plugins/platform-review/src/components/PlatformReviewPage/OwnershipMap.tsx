import { EntityRefLink } from '@backstage/plugin-catalog-react';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import type { OwnershipRow } from '@internal/plugin-platform-review-common';
import { EntityLinks } from '../EntityLinks';
import { EmptyState, Section } from '../Section';

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
          <EntityRefLink entityRef={store.entityRef} defaultKind="resource" />
          <Typography variant="body2" color="textSecondary" component="span">
            {' '}
            ({store.type ?? 'no type'}) owned by{' '}
          </Typography>
          {store.owner ? (
            <EntityRefLink entityRef={store.owner} defaultKind="group" />
          ) : (
            <Missing>no owner</Missing>
          )}
        </div>
      ))}
    </>
  );
}

/**
 * Services × data stores × owning teams: one row per service with its owner, system, the data
 * stores it depends on (each with its own owner) and the APIs it provides and consumes.
 */
export function OwnershipMap(props: {
  rows: OwnershipRow[];
  filtered: boolean;
}) {
  const { rows, filtered } = props;
  return (
    <Section
      title="Ownership map"
      subheader="Who owns each service, the data stores it uses and the APIs between them"
    >
      {rows.length === 0 ? (
        <EmptyState>
          {filtered
            ? 'No service matches these filters. Clear a filter to see the whole platform.'
            : 'No services in the catalog yet. They appear here once they are created (Create → a commerce service template, or the Commerce platform template for all four).'}
        </EmptyState>
      ) : (
        <Table size="small" aria-label="Ownership map">
          <TableHead>
            <TableRow>
              <TableCell>Service</TableCell>
              <TableCell>Owner</TableCell>
              <TableCell>System</TableCell>
              <TableCell>Data stores (type, owner)</TableCell>
              <TableCell>Provides APIs</TableCell>
              <TableCell>Consumes APIs</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {rows.map(row => (
              <TableRow key={row.service}>
                <TableCell>
                  <EntityRefLink
                    entityRef={row.service}
                    defaultKind="component"
                  />
                </TableCell>
                <TableCell>
                  {row.owner ? (
                    <EntityRefLink entityRef={row.owner} defaultKind="group" />
                  ) : (
                    <Missing>no owner</Missing>
                  )}
                </TableCell>
                <TableCell>
                  {row.system ? (
                    <EntityRefLink
                      entityRef={row.system}
                      defaultKind="system"
                    />
                  ) : (
                    <EntityLinks entityRefs={[]} none="no system" />
                  )}
                </TableCell>
                <TableCell>
                  <DataStores row={row} />
                </TableCell>
                <TableCell>
                  <EntityLinks
                    entityRefs={row.providesApis}
                    defaultKind="api"
                  />
                </TableCell>
                <TableCell>
                  <EntityLinks
                    entityRefs={row.consumesApis}
                    defaultKind="api"
                  />
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </Section>
  );
}
