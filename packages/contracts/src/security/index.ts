export * from './permissions';
export * from './permission-doc';
