/**
 * The portal's developer tools as a library: the scaffolder client behind `yarn platform:run`,
 * and the harness that starts the real backend, for the benchmarks here and for
 * packages/backend's integration tests. The commands themselves are run from the repository
 * root (`yarn platform:run`, `yarn bench:*`, `yarn cost:baseline`; see package.json there).
 *
 * @packageDocumentation
 */

export {
  callPortal,
  entityPageUrl,
  runTemplate,
  type TemplateRunOptions,
  type TemplateRunResult,
} from './platformRun';
export {
  availableTestDatabases,
  dropTestDatabases,
  eventually,
  repoRoot,
  startPortalBackend,
  type PortalBackend,
  type TestDatabase,
} from './testing/startPortalBackend';
export {
  getTask,
  locationsWithFixture,
  submitTask,
  taskEvents,
  waitForTaskStatus,
  waitForTemplate,
  type TaskEvent,
} from './testing/scaffolderTasks';
export {
  renderServiceTemplate,
  serviceTemplateFiles,
  serviceTemplates,
} from './testing/serviceTemplates';
