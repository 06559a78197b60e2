export * from './cache';
export * from './errors';
export * from './validation';
export * from './memory-cache';
export * from './redis-cache';
