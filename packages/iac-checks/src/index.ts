export * from './bicep.ts';
export * from './kubernetes.ts';
export * from './workflows.ts';
