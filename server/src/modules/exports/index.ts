export {
  answerCsv,
  attachmentHeader,
  csvRecords,
  csvSource,
  registerCsvSource,
  sendReportCsv,
  EXPORT_PAGE_ROWS,
  type CsvCell,
  type CsvSource,
  type CsvSourceEnv,
} from './registry';
export { EXPORT_KEEP_DAYS, EXPORT_STALE_MS, expireExports, exportFilePath, processExports, startExportWorker } from './worker';
export { PAID_ORDERS_HEADER, type PaidOrdersParams } from './paid-orders';
export { exportRoutes } from './routes';
