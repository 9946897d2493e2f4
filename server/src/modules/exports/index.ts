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
export { exportFilePath, processExports, startExportWorker } from './worker';
export { PAID_ORDERS_HEADER, type PaidOrdersParams } from './paid-orders';
export { exportRoutes } from './routes';
