export * from './time-domain';
export * from './robust';
export * from './trend';
