import { areaList } from '@vant/area-data';
import { AppError } from '../../lib/errors';

/**
 * True when `codes` is a real province → city (→ district) path of the address dataset
 * (@vant/area-data, GB/T 2260; the picker offers the same list): each code exists at its level and
 * lies inside the one before it.
 */
export function isKnownRegionPath(codes: readonly string[]): boolean {
  const [province, city, district] = codes;
  if (!province || !city || areaList.province_list[province] === undefined || areaList.city_list[city] === undefined) return false;
  if (city.slice(0, 2) !== province.slice(0, 2)) return false;
  if (district === undefined) return true;
  return areaList.county_list[district] !== undefined && district.slice(0, 4) === city.slice(0, 4);
}

/** 400 ADDRESS_REGION_UNKNOWN unless the codes are a known region path. */
export function assertKnownRegion(codes: readonly string[]): void {
  if (!isKnownRegionPath(codes)) throw new AppError('ADDRESS_REGION_UNKNOWN', undefined, { field: 'body.regionCodes', regionCodes: codes });
}
