export { addressRoutes } from './routes';
export { findDefaultAddress, findMemberAddress, type AddressRow } from './service';
export { isKnownRegionPath } from './regions';
