export { addressRoutes } from './routes';
export { findMemberAddress, type AddressRow } from './service';
