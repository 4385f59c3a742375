export * from './bicep.ts';
export * from './envoy-gateway.ts';
export * from './kubernetes.ts';
export * from './workflows.ts';
