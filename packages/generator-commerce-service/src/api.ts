/**
 * What the blueprint offers the portal's plugins to import (`generator-commerce-service`):
 * its rules and data, never its Yeoman generator. Plugins import this entry point only, not
 * files under src/, so the blueprint can reorganise itself behind it.
 */
export {
  SERVICE_NAME_MAX_LENGTH,
  isServiceName,
  quotedValue,
  serviceNameProblem,
  serviceShortName,
} from './serviceName.ts';
export {
  blueprintKinds,
  blueprintVersion,
  readKindCostModel,
  type KindCostModelFile,
} from './blueprint.ts';
export {
  rolloutStrategies,
  type RolloutStrategy,
  type ServiceKind,
} from './spec.ts';
export {
  applicationFile,
  applicationName,
  applicationSourcePath,
  environmentNamespace,
  environmentRoutePrefix,
  serviceEnvironments,
  TEAM_NAME_MAX_LENGTH,
  teamNameProblem,
  type ServiceEnvironment,
} from './environments.ts';
