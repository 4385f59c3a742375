import type { DecisionRecord } from '@internal/plugin-platform-review-common';
import { FlagChip, type FlagTone } from './FlagChip';

const TONE: Record<string, FlagTone> = {
  accepted: 'ok',
  deferred: 'warning',
  proposed: 'quiet',
  superseded: 'quiet',
  rejected: 'quiet',
  deprecated: 'quiet',
};

/** A MADR status as a chip: `accepted`, `deferred`, … (unknown statuses as written). */
export function DecisionStatusChip(props: {
  status: DecisionRecord['status'];
}) {
  const status = props.status || 'no status';
  return <FlagChip label={status} tone={TONE[status] ?? 'quiet'} />;
}
