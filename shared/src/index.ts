export * from './money';
export * from './errors';
export * from './common';
export * from './members';
export * from './auth';
export * from './staff';
export * from './catalog';
export * from './pricing';
