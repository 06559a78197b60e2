export * from './service';
export * from './config';
export * from './domain/feature-profiles';
export * from './domain/window-assembler';
export { FeaturesRepository } from './adapters/features-repository';
