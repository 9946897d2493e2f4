export { dashboardRoutes } from './routes';
export { aovFen, dashboardOverview, kpiReport, monthDays } from './service';
export { rangeTotals, type RangeTotals } from './repo';
