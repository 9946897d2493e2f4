export * from './tiers';
export * from './schemas';
