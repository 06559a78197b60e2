export * from './feature-store';
export * from './errors';
export * from './validation';
export * from './postgres-feature-store';
export * from './feast-feature-store';
