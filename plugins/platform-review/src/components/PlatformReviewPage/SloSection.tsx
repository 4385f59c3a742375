import { EntityRefLink } from '@backstage/plugin-catalog-react';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import type { SloAchievability } from '@internal/plugin-platform-review-common';
import { FlagChip } from '../decisions/FlagChip';
import { EntityLinks } from '../EntityLinks';
import { formatPercent } from '@internal/plugin-slo-common';
import { EmptyState, Section } from '../Section';

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
            <EntityRefLink entityRef={link.entityRef} />{' '}
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

/**
 * Per service: the availability it declares against what its hard dependencies in series can
 * give, and why in words.
 */
export function SloSection(props: { slo: SloAchievability[] }) {
  const { slo } = props;
  return (
    <Section
      title="SLO achievability"
      subheader="Declared availability against the product of the hard dependencies' availabilities"
    >
      {slo.length === 0 ? (
        <EmptyState>
          No service in this view declares an availability objective. A service
          declares one in the OpenSLO file its commerce.platform/slo-file
          annotation names; the review then checks it against its hard
          dependencies (dependsOn, minus commerce.platform/soft-dependencies).
        </EmptyState>
      ) : (
        <Table size="small" aria-label="SLO achievability">
          <TableHead>
            <TableRow>
              <TableCell>Service</TableCell>
              <TableCell align="right">Declared</TableCell>
              <TableCell align="right">Achievable</TableCell>
              <TableCell>Status</TableCell>
              <TableCell>Why</TableCell>
              <TableCell>Hard dependencies, weakest first</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {slo.map(row => (
              <TableRow key={row.service}>
                <TableCell>
                  <EntityRefLink
                    entityRef={row.service}
                    defaultKind="component"
                  />
                </TableCell>
                <TableCell align="right">
                  {row.declared === undefined
                    ? 'none declared'
                    : formatPercent(row.declared)}
                </TableCell>
                <TableCell align="right">
                  {formatPercent(row.achievable)}
                </TableCell>
                <TableCell>
                  <Status slo={row} />
                </TableCell>
                <TableCell>
                  <Typography variant="body2">{row.explanation}</Typography>
                </TableCell>
                <TableCell>
                  <Chain slo={row} />
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </Section>
  );
}
