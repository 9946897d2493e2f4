export * from './range';
export * from './overview';
export * from './reports';
export * from './kpi';
