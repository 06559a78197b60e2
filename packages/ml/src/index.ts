// @vigie/ml — detectors, RUL models, metrics and calibration: pure TypeScript, seeded, no I/O.
export * from './errors';
export * from './random';
export * from './linalg/matrix';
export * from './linalg/eigen';
export * from './linalg/scaler';
export * from './detectors/detector';
export * from './detectors/registry';
export * from './detectors/ecod';
export * from './detectors/pca';
export * from './detectors/iforest';
export { averagePathLength } from './detectors/isolation-tree';
export * from './detectors/ocsvm';
