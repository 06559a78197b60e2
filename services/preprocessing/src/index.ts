export * from './service';
export * from './config';
export * from './domain/options';
export * from './domain/sensor-pipeline';
export * from './domain/pipeline-report';
