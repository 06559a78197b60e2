export * from './settings';
export * from './embedded';
export * from './distributed';
export * from './services';
export * from './simulator';
export * from './dashboard-server';
