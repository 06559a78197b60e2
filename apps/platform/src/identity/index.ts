export * from './clients';
export * from './errors';
export * from './issuer';
export * from './keys';
export * from './passwords';
export * from './users';
export * from './admin';
