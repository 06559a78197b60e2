export * from './job';
export * from './job-queue';
export * from './job-repository';
export * from './page-cursor';
