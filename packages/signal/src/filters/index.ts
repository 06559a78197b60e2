export * from './errors';
export * from './butter';
export * from './sosfilt';
export * from './sosfiltfilt';
export * from './detrend';
export * from './hampel';
export * from './resample';
