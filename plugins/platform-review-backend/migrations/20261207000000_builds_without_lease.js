// @ts-check

/**
 * The scheduler's lock on the global task `platform-review-refresh` decides who builds now
 * (ReviewSnapshotBuilder): the hand-written build lease goes. `claimed_build` stays, as the
 * number of the newest build started, so a refresh knows which build has read what changed
 * before it was asked for.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('platform_review_builds', table => {
    table.dropColumn('builder');
    table.dropColumn('builder_expires_at');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.alterTable('platform_review_builds', table => {
    table.string('builder', 64).nullable();
    table.dateTime('builder_expires_at').nullable();
  });
};
