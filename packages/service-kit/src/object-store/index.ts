export * from './object-store';
export * from './errors';
export * from './validation';
export * from './filesystem-object-store';
export * from './s3-object-store';
