import type { LoggerService } from '@backstage/backend-plugin-api';
import { toError } from '@backstage/errors';
import type { NotificationPayload } from '@backstage/plugin-notifications-common';
import type { NotificationService } from '@backstage/plugin-notifications-node';
import type { PluginDatabaseClient } from './pluginDatabase';

/**
 * The table, in each notifying plugin's own database, holding the last state notified per
 * condition. Each plugin's own migration creates it: `condition_key` string(255) primary key,
 * `state` string(64), `changed_at` dateTime.
 *
 * @public
 */
export const OWNER_NOTIFICATION_STATES_TABLE = 'owner_notification_states';

/**
 * One (entity, condition) as a refresh sees it now: an SLO's status, a team's spend against its
 * budget, a decision's due date. Plain data, so the decision below is a pure function.
 *
 * @public
 */
export interface OwnerCondition {
  /** Stable identity of the (entity, condition), e.g. `slo:component:default/checkout:availability`. */
  key: string;
  /** The condition's state now, e.g. `critical`, `over-budget`, `overdue`, `ok`. */
  state: string;
  /** True when `state` is outside the condition (all is well): entering it sends "resolved", if anything. */
  quiet: boolean;
  /** Entity refs to notify: the owning Group (Backstage resolves a Group to its members). */
  recipients: string[];
  /**
   * What to send when the state changed into `state`; undefined sends nothing (the change is
   * still recorded). For a quiet state this is the "resolved" notice.
   */
  notification?: NotificationPayload;
}

/**
 * What one refresh must do: the notifications to send, and the state to record for each.
 *
 * @public
 */
export interface OwnerNotificationDecision {
  /** Conditions whose state changed, each with its notification (if any) to send. */
  changes: {
    key: string;
    state: string;
    previous?: string;
    send?: { recipients: string[]; payload: NotificationPayload };
  }[];
}

/**
 * Decides which owners to notify, from the states last recorded and the conditions now: a
 * notification only on a change of state, never on a refresh that finds the same state.
 *
 * - A condition never seen before that is quiet is recorded silently (nothing to resolve).
 * - A condition never seen before that is in an alerting state notifies (the first refresh after
 *   it turns critical, or after this feature is installed).
 * - A condition absent from this refresh (no data, the entity gone) keeps its recorded state, so
 *   a gap in the data does not notify twice for the same episode.
 *
 * @param recorded - key → last recorded state
 * @public
 */
export function decideOwnerNotifications(
  recorded: ReadonlyMap<string, string>,
  conditions: readonly OwnerCondition[],
): OwnerNotificationDecision {
  const changes: OwnerNotificationDecision['changes'] = [];
  const seen = new Set<string>();
  for (const condition of conditions) {
    if (seen.has(condition.key)) {
      throw new Error(
        `The owner condition ${condition.key} was listed twice in one refresh; each (entity, condition) needs its own key`,
      );
    }
    seen.add(condition.key);
    const previous = recorded.get(condition.key);
    if (previous === condition.state) {
      continue;
    }
    const silent = previous === undefined && condition.quiet;
    const send =
      !silent && condition.notification && condition.recipients.length > 0
        ? {
            recipients: condition.recipients,
            // The scope lets the notifications backend update the owner's earlier notice about
            // the same condition instead of piling up a new one.
            payload: { scope: condition.key, ...condition.notification },
          }
        : undefined;
    changes.push({
      key: condition.key,
      state: condition.state,
      ...(previous !== undefined && { previous }),
      ...(send && { send }),
    });
  }
  return { changes };
}

/**
 * Longer keys are cut and suffixed with a hash of the whole, so any entity ref fits the column.
 */
function storedKey(key: string): string {
  if (key.length <= 255) return key;
  // FNV-1a: stable across replicas and releases, no dependency; collisions only matter between
  // two keys sharing their first 240 characters.
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    hash ^= key.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return `${key.slice(0, 240)}#${hash.toString(16).padStart(8, '0')}`;
}

/**
 * One refresh's notifications: reads the recorded states from the plugin's database, sends a
 * notification for each condition whose state changed, and records the new state.
 *
 * A state is recorded only after its notification was accepted, so a failed send is tried again
 * on the next refresh (at least once; a crash between sending and recording can repeat one).
 * Call it from a scheduler task with `scope: 'global'`, so one replica at a time decides.
 *
 * @returns how many notifications were sent and how many failed
 * @public
 */
export async function notifyOwnersOfChanges(options: {
  knex: PluginDatabaseClient;
  notifications: NotificationService;
  conditions: readonly OwnerCondition[];
  logger: LoggerService;
}): Promise<{ sent: number; failed: number }> {
  const { knex, notifications, logger } = options;
  const conditions = options.conditions.map(c => ({
    ...c,
    key: storedKey(c.key),
  }));
  const rows: { condition_key: string; state: string }[] = await knex(
    OWNER_NOTIFICATION_STATES_TABLE,
  ).select('condition_key', 'state');
  const recorded = new Map(rows.map(row => [row.condition_key, row.state]));
  const { changes } = decideOwnerNotifications(recorded, conditions);
  let sent = 0;
  let failed = 0;
  for (const change of changes) {
    if (change.send) {
      try {
        await notifications.send({
          recipients: { type: 'entity', entityRef: change.send.recipients },
          payload: change.send.payload,
        });
        sent++;
      } catch (error) {
        failed++;
        logger.warn(
          `Could not notify ${change.send.recipients.join(', ')} that ${
            change.key
          } is ${change.state}; trying again on the next refresh: ${
            toError(error).message
          }`,
        );
        continue;
      }
    }
    await knex(OWNER_NOTIFICATION_STATES_TABLE)
      .insert({
        condition_key: change.key,
        state: change.state,
        changed_at: knex.fn.now(),
      })
      .onConflict('condition_key')
      .merge(['state', 'changed_at']);
  }
  return { sent, failed };
}
