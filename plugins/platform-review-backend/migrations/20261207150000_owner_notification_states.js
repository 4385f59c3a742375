// @ts-check

/**
 * The last due state of each decision its owners were notified of, so the review snapshot task
 * notifies once per change (src/services/ReviewSnapshot/notifyDecisionOwners.ts). The table
 * catalog-files-node's notifyOwnersOfChanges reads and writes (OWNER_NOTIFICATION_STATES_TABLE).
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('owner_notification_states', table => {
    table.comment(
      'The last state owners were notified of, per (entity, condition)',
    );
    table.string('condition_key', 255).primary().notNullable();
    table.string('state', 64).notNullable();
    table.dateTime('changed_at').notNullable();
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('owner_notification_states');
};
