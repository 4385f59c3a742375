import { parseEntityRef } from '@backstage/catalog-model';
import type { DecisionRecord } from '@internal/plugin-platform-review-common';
import { displayRef, normalizeEntityRef } from './refs';

/** The notifications topic of decision conditions. @public */
export const DECISION_NOTIFICATION_TOPIC = 'platform-decision-due';

/**
 * A deferred decision's due state, as one owner-notification condition (structurally
 * catalog-files-node's `OwnerCondition`): `overdue` (past its revisit-by, high), `due` (its
 * trigger fired, normal), or `not-due` (quiet, notifies nothing: a decision revisited and
 * accepted needs no "resolved" notice, its owners did it).
 *
 * @public
 */
export interface DecisionDueCondition {
  key: string;
  state: 'overdue' | 'due' | 'not-due';
  quiet: boolean;
  recipients: string[];
  notification?: {
    title: string;
    description: string;
    link: string;
    severity: 'high' | 'normal';
    topic: string;
  };
}

/** The entity's "Decisions" tab, where the record is listed. */
function decisionsTabPath(entityRef: string): string {
  const { kind, namespace, name } = parseEntityRef(entityRef);
  return `/catalog/${encodeURIComponent(namespace)}/${encodeURIComponent(
    kind.toLowerCase(),
  )}/${encodeURIComponent(name)}/decisions`;
}

/**
 * One condition per decision record (any status: one revisited and accepted becomes `not-due`).
 * Recipients are the decision makers (as Group refs); a record naming none notifies the owner
 * of the entity it was found under (Backstage's notifications backend routes a non-Group ref to
 * its owner).
 *
 * @public
 */
export function decisionDueConditions(
  records: readonly DecisionRecord[],
): DecisionDueCondition[] {
  return records.map(record => {
    const deferred = record.status === 'deferred';
    let state: DecisionDueCondition['state'] = 'not-due';
    if (deferred && record.overdue) state = 'overdue';
    else if (deferred && record.triggerFired) state = 'due';
    const makers = record.decisionMakers
      .map(name => normalizeEntityRef(name, { defaultKind: 'group' }))
      .filter((ref): ref is string => ref !== undefined);
    const fired = record.triggerEvaluation
      .filter(clause => clause.fired)
      .map(
        clause => `its trigger fired: "${clause.clause}" (${clause.detail})`,
      );
    const reasons = [
      ...(record.overdue
        ? [`it was to be revisited by ${record.revisitBy}`]
        : []),
      ...fired,
    ];
    return {
      key: `decision:${record.entityRef}:${record.file}`,
      state,
      quiet: state === 'not-due',
      recipients: makers.length > 0 ? makers : [record.entityRef],
      ...(state !== 'not-due' && {
        notification: {
          title: `Decision ${state}: ${record.title}`,
          description: `"${record.title}" (${record.file} under ${displayRef(
            record.entityRef,
          )}) was deferred and is ${state}: ${reasons.join(
            '; ',
          )}. Revisit it: decide, or defer again with a new revisit-by.`,
          link: decisionsTabPath(record.entityRef),
          severity:
            state === 'overdue' ? ('high' as const) : ('normal' as const),
          topic: DECISION_NOTIFICATION_TOPIC,
        },
      }),
    };
  });
}
