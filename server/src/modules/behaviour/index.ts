export { behaviourRoutes } from './routes';
export { recordBehaviour, behaviourRowsOf } from './service';
export { insertBehaviourEvents, type NewBehaviourEventRow } from './repo';
