import { EntityRefLink } from '@backstage/plugin-catalog-react';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import type { DriftRow } from '@internal/plugin-platform-review-common';
import { EmptyState, Section } from '../Section';

/** The services generated from an older blueprint than the current one. */
export function DriftSection(props: { drift: DriftRow[] }) {
  const behind = props.drift.filter(row => row.behind);
  const current = props.drift[0]?.currentVersion;
  return (
    <Section
      title="Template drift"
      subheader={
        current
          ? `Services behind the current blueprint (${current})`
          : 'Services behind the current blueprint'
      }
    >
      {behind.length === 0 ? (
        <EmptyState>
          {props.drift.length === 0
            ? 'No generated services in this view: drift is measured on services that carry commerce.platform/blueprint-version.'
            : `No drift: all ${props.drift.length} generated service${
                props.drift.length === 1 ? ' is' : 's are'
              } on the current blueprint (${current}).`}
        </EmptyState>
      ) : (
        <Table size="small" aria-label="Template drift">
          <TableHead>
            <TableRow>
              <TableCell>Service</TableCell>
              <TableCell>Generated from</TableCell>
              <TableCell>Current blueprint</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {behind.map(row => (
              <TableRow key={row.service}>
                <TableCell>
                  <EntityRefLink
                    entityRef={row.service}
                    defaultKind="component"
                  />
                </TableCell>
                <TableCell>
                  {row.blueprintVersion ??
                    'unknown (no commerce.platform/blueprint-version annotation)'}
                </TableCell>
                <TableCell>{row.currentVersion}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </Section>
  );
}
