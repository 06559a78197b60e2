export * from './service';
export * from './config';
export * from './domain/batch-readings';
export * from './archive';
