export * from './common';
export * from './sensor-data';
export * from './preprocessed-data';
export * from './extracted-features';
export * from './anomalies-detected';
export * from './rul-predictions';
export * from './work-orders';
export * from './maintenance-plans';
