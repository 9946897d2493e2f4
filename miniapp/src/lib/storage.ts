import Taro from '@tarojs/taro';

/** JSON values in Taro storage (wx storage on weapp, localStorage on H5); a broken entry reads as null. */
export function readStored<T>(key: string): T | null {
  try {
    const value: unknown = Taro.getStorageSync(key);
    return value === '' || value === undefined || value === null ? null : (value as T);
  } catch {
    return null;
  }
}

export function writeStored(key: string, value: unknown): void {
  try {
    if (value === null) Taro.removeStorageSync(key);
    else Taro.setStorageSync(key, value);
  } catch {
    // Storage full or unavailable: the app keeps working for this session.
  }
}
