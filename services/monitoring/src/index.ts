export * from './config';
export * from './service';
export * from './http/monitoring.ws';
export * from './domain/asset-health';
export * from './domain/alert-rules';
