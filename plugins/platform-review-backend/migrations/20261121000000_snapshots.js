// @ts-check

/**
 * The review's shared state: one replica builds each snapshot and stores it here; every replica
 * serves the newest one (src/services/ReviewSnapshot/ReviewSnapshotStore.ts).
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  // MySQL's BLOB stops at 64 KiB; a large catalog's review is hundreds of KiB gzipped.
  const isMysql = String(knex.client.config.client).includes('mysql');
  /**
   * @param {import('knex').Knex.CreateTableBuilder} table
   * @param {string} name
   */
  const blob = (table, name) =>
    isMysql ? table.specificType(name, 'longblob') : table.binary(name);

  await knex.schema.createTable('platform_review_snapshots', table => {
    table.comment('Review snapshots, newest first by build number');
    table
      .integer('build_number')
      .primary()
      .notNullable()
      .comment('The build that made it (platform_review_builds.claimed_build)');
    table
      .string('generation', 64)
      .notNullable()
      .comment('Random per snapshot; the ETags of its answers derive from it');
    table
      .dateTime('stored_at')
      .notNullable()
      .defaultTo(knex.fn.now())
      .comment('When the build stored it (database clock)');
    table
      .text('summary_json')
      .notNullable()
      .comment('The refresh summary (ReviewRefreshSummary) as JSON');
    blob(table, 'review_gzip')
      .notNullable()
      .comment('The unfiltered PlatformReview, gzip-compressed JSON');
    blob(table, 'decisions_gzip')
      .notNullable()
      .comment(
        'Decision records, their problems by entity and the refs of the entities read, gzip-compressed JSON',
      );
  });

  await knex.schema.createTable('platform_review_builds', table => {
    table.comment(
      'One row: who is building a snapshot, and how the last build ended',
    );
    table.string('id', 32).primary().notNullable();
    table
      .integer('claimed_build')
      .notNullable()
      .defaultTo(0)
      .comment(
        'The number of the newest build started; claiming increments it',
      );
    table
      .string('builder', 64)
      .nullable()
      .comment('The ticket of the replica building claimed_build, if one is');
    table
      .dateTime('builder_expires_at')
      .nullable()
      .comment(
        'When the builder is presumed gone unless it renews (database clock)',
      );
    table
      .integer('finished_build')
      .notNullable()
      .defaultTo(0)
      .comment('The newest build that ended, stored or failed');
    table
      .text('finished_error')
      .nullable()
      .comment('Why finished_build failed, when it did');
    table
      .integer('published_build')
      .nullable()
      .comment(
        'The snapshot to serve (platform_review_snapshots.build_number)',
      );
  });
  await knex('platform_review_builds').insert({ id: 'review' });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('platform_review_builds');
  await knex.schema.dropTable('platform_review_snapshots');
};
