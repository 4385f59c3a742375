/**
 * The SLO feature's backend: `GET /api/slo/v1/entities/:kind/:namespace/:name` (objectives,
 * error budgets and measurements) and `…/history?slo=<name>&days=<n>` (the daily SLI).
 *
 * @packageDocumentation
 */

export { sloPlugin as default } from './plugin';
