export * from './model-registry';
export * from './errors';
export * from './promote';
export * from './follow-alias';
export * from './local-model-registry';
export * from './mlflow-model-registry';
