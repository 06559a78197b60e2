export * from './service';
export * from './config';
export * from './domain/baseline';
export { httpFeatureSource, type FeatureSource, type FeatureWindow } from './use-cases/train-baselines';
