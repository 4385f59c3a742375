/**
 * The cost feature's backend (`/api/cost`): what services, systems, teams and the shared
 * platform cost a month, against their budgets.
 *
 * @packageDocumentation
 */

export { costPlugin as default } from './plugin';
