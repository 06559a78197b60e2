export * from './event-bus';
export * from './partitioner';
export * from './retry';
export * from './in-memory-bus';
export * from './kafka-bus';
export * from './kafka-tls';
