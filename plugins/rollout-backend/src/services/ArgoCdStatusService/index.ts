export {
  ArgoCdStatusService,
  ARGOCD_NOT_CONFIGURED,
  readArgoCdConfig,
  type ArgoCdConfig,
} from './ArgoCdStatusService';
