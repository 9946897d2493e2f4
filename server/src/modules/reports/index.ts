export { COHORT_MAX_MONTHS, cohortsReport } from './cohorts';
export { cohortsCsv, funnelCsv, repurchaseCsv } from './csv';
export { funnelReport } from './funnel';
export { repurchaseReport } from './repurchase';
export { reportRoutes } from './routes';
