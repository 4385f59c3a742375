/**
 * Local sign-in as a chosen catalog User, development only. The backend
 * (packages/backend/src/index.ts) installs its default export.
 *
 * @packageDocumentation
 */
export {
  authModuleTestPeopleProvider as default,
  TEST_PERSON_HEADER,
} from './module';
