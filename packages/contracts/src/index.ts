export * from './topics';
export * from './errors';
export * from './envelope';
export * from './events';
export * from './decode';
export * from './http';
export * from './services';
export * from './security';
