export { behaviourRoutes } from './routes';
export { recordBehaviour, behaviourRowsOf, visitsOf } from './service';
export { insertBehaviourEvents, type NewBehaviourEventRow } from './repo';
export { mergeDeviceBehaviour } from './merge';
export {
  ensureBehaviourPartitions,
  purgeBehaviourPartitions,
  listBehaviourPartitions,
  partitionName,
  monthBounds,
  chinaMonth,
  addMonths,
  type Month,
} from './partitions';
export { startBehaviourMaintenance, runBehaviourMaintenance } from './maintenance';
