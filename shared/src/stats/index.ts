export * from './t-distribution';
export * from './intervals';
