export * from './event-bus.contract';
export * from './bus-test-helpers';
export * from './kafka-partition-vectors';
export * from './database.contract';
export * from './harness';
export * from './timescale';
export * from './object-store.contract';
export * from './cache.contract';
