export * from './ingestion';
export * from './preprocessing';
export * from './features';
export * from './anomalies';
export * from './rul';
export * from './work-orders';
export * from './rules';
export * from './monitoring';
