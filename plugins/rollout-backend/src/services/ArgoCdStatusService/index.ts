export {
  ArgoCdStatusService,
  ARGOCD_NOT_CONFIGURED,
  readArgoCdConfig,
  type ArgoCdConfig,
  type ArgoCdSource,
} from './ArgoCdStatusService';
