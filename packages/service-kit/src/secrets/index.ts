export * from './keyring';
export * from './load-keyring';
export * from './sealed-fields';
