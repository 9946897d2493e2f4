/** The database schema, one file per area; drizzle-kit reads this folder. */
export * from './identity';
export * from './catalog';
export * from './orders';
export * from './order-ops';
export * from './promotions';
export * from './membership';
export * from './simulator';
export * from './media';
export * from './shopper';
export * from './shipping';
export * from './reviews';
export * from './events';
export * from './channels';
export * from './sim-wxa';
export * from './entry-codes';
export * from './wecom';
export * from './channel-stats';
