export * from './schemas';
export * from './tier-evaluation';
export * from './points';
export * from './points-balance';
export * from './tier-upsell';
