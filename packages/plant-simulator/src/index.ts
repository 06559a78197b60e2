export * from './catalog';
export * from './degradation';
export * from './plant';
export * from './pki';
export * from './opcua/address-space';
export * from './opcua/server';
