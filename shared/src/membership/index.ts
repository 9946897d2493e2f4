export * from './schemas';
export * from './tier-evaluation';
export * from './points';
