export * from './filters';
export * from './dwt';
export * from './wavedec';
export * from './packet';
export * from './features';
