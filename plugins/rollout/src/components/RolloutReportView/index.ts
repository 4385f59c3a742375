export { policySubheader, RolloutReportView } from './RolloutReportView';
export { ArgoStepTable } from './ArgoStepTable';
