export { membersRoutes } from './routes';
export { findMemberById, type MemberRow } from './repo';
export { findBuyers } from './buyers';
export { profileRoutes } from './profile-routes';
export { backfillPhoneSuffixHashes } from './phone-suffix';
export { activeTagsOf } from './list';
export { toAdminMember } from './views';
