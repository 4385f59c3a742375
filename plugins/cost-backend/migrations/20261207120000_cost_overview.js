// @ts-check

/**
 * The cost overview's shared state: the scheduler's global task `cost-overview-refresh` computes
 * it on one replica and stores it here; every replica serves it
 * (src/services/CostReports/CostOverviewStore.ts).
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('cost_overview', table => {
    table.comment(
      'One row: the newest cost overview and how the last run ended',
    );
    table.string('id', 32).primary().notNullable();
    table
      .integer('revision')
      .notNullable()
      .defaultTo(0)
      .comment('Incremented with each overview stored; 0: none yet');
    // MySQL's TEXT stops at 64 KiB; an overview of thousands of services is more.
    table
      .text('overview_json', 'longtext')
      .nullable()
      .comment('The unfiltered CostOverview as JSON');
    table
      .dateTime('stored_at')
      .nullable()
      .comment('When the overview was stored (database clock)');
    table
      .integer('runs_ended')
      .notNullable()
      .defaultTo(0)
      .comment('Incremented when a run ends, stored or failed');
    table
      .text('last_error')
      .nullable()
      .comment('Why the last run failed, when it did');
  });
  await knex('cost_overview').insert({ id: 'overview' });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('cost_overview');
};
