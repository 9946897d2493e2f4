/** A chosen region: province, city (and district) names with their GB/T 2260 codes, top down. */
export interface RegionValue {
  codes: string[];
  names: string[];
}

/**
 * "上海市 浦东新区" from ["上海市", "上海市", "浦东新区"]: the names top down, with a municipality's
 * repeated name (WeChat's picker names the city of 上海市 "上海市" again) said once.
 */
export function regionText(names: readonly string[]): string {
  return names.filter((name, index) => name && name !== names[index - 1]).join(' ');
}

/**
 * Whether the picker's answer can be saved: two or three six-digit codes, and names for them (an
 * address read back from the server has its names from the saved text, where a repeat was said once).
 */
export function isCompleteRegion(value: RegionValue | null): value is RegionValue {
  return value !== null && value.codes.length >= 2 && value.codes.length <= 3 && value.codes.every((code) => /^\d{6}$/.test(code)) && value.names.some(Boolean);
}

/** What WeChat's `chooseAddress` answers (the fields the address form uses). */
export interface WechatAddress {
  userName: string;
  telNumber: string;
  provinceName: string;
  cityName: string;
  countyName: string;
  detailInfo: string;
  /** The district's GB/T 2260 code (a city's, ending in 00, where the city has no districts). */
  nationalCode: string;
}

/**
 * The region of a WeChat address: province, city and district codes derived from its national code
 * (its first two and four digits), named as WeChat names them; null when the code is not six digits.
 */
export function regionFromWechatAddress(address: WechatAddress): RegionValue | null {
  const code = address.nationalCode.trim();
  if (!/^\d{6}$/.test(code)) return null;
  const province = `${code.slice(0, 2)}0000`;
  const city = `${code.slice(0, 4)}00`;
  if (code === city) return { codes: [province, city], names: [address.provinceName, address.cityName] };
  return { codes: [province, city, code], names: [address.provinceName, address.cityName, address.countyName] };
}
