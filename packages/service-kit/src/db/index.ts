export * from './database';
export * from './pglite-database';
export * from './postgres-database';
export * from './migrations';
export * from './time-series';
export * from './bulk';
