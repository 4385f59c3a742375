export { RolloutReportView } from './RolloutReportView';
export { ArgoStepTable } from './ArgoStepTable';
