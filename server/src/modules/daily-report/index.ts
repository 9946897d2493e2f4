export { buildDailyReportContent, dailyReportMarkdown, dailyReportText, yuan } from './content';
export {
  createDailyReport,
  deliverPendingRobotMessages,
  listDailyReports,
  robotBackoffMs,
  runDailyReport,
  DAILY_REPORT_MESSAGE_KIND,
  ROBOT_LEASE_MS,
  ROBOT_MAX_ATTEMPTS,
  type DailyReportView,
} from './service';
export { dailyReportRoutes } from './routes';
export { startDailyReportJob } from './job';
