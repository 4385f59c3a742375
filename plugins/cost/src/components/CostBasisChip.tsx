import Chip from '@material-ui/core/Chip';
import type { CostBasisKind } from '@internal/plugin-cost-common';
import { basisLabel } from './format';

/** "Estimate" or "Actual", beside every figure. */
export function CostBasisChip(props: { kind: CostBasisKind }) {
  const { kind } = props;
  return (
    <Chip
      size="small"
      variant={kind === 'actual' ? 'default' : 'outlined'}
      color={kind === 'actual' ? 'primary' : 'default'}
      label={basisLabel(kind)}
      title={
        kind === 'actual'
          ? 'Spend reported by Azure Cost Management'
          : 'The declared resources priced with the price sheet, not a bill'
      }
    />
  );
}
