export { scanTimeTriggers, startTriggerScanner, TIME_TRIGGER_TYPES, type ScanDeps, type ScanResult } from './scanner';
export { latestScheduledRun } from './schedule';
