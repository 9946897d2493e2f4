export { member360Routes } from './routes';
export { getMemberDetail } from './detail';
export { getMemberTimeline } from './timeline';
