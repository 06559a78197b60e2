export * from './parquet-writer';
export * from './partition-key';
export * from './archiver';
