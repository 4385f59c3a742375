/**
 * The SLO feature's frontend: the "Service level objectives" entity card and the "SLO" tab.
 *
 * @packageDocumentation
 */

export { sloPlugin as default } from './plugin';
export { sloApiRef, type SloApi } from './api/SloApi';
export { SloClient } from './api/SloClient';
