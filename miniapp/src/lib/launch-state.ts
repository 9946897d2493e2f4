import { normalizeLaunchOptions, type LaunchOptionsInput } from './launch';
import { h5EntryQuery } from './touches';

let launch: LaunchOptionsInput | undefined;
let urlQuery: Record<string, string> | undefined;

/**
 * H5: the query the page was opened with, read from the address bar once, before the router
 * rewrites it (the shop's QR codes open `#/pages/index/index?scene=…`; an SMS link may add `cq`).
 * Taro's H5 launch options carry only the hash route's query. Empty on weapp.
 */
export function entryUrlQuery(): Record<string, string> {
  if (!urlQuery) {
    urlQuery = {};
    if (process.env.TARO_ENV === 'h5' && typeof window !== 'undefined' && window.location) {
      try {
        urlQuery = h5EntryQuery(window.location);
      } catch {
        urlQuery = {};
      }
    }
  }
  return urlQuery;
}

/** Keeps the launch options of this start (read once in app.tsx) for every login of the session. */
export function keepLaunchOptions(raw: Parameters<typeof normalizeLaunchOptions>[0]): void {
  const fromUrl = entryUrlQuery();
  const base = raw && typeof raw === 'object' ? raw : {};
  const rawQuery = base.query && typeof base.query === 'object' ? (base.query as Record<string, unknown>) : {};
  launch = normalizeLaunchOptions(Object.keys(fromUrl).length > 0 ? { ...base, query: { ...fromUrl, ...rawQuery } } : raw);
}

export function currentLaunchOptions(): LaunchOptionsInput | undefined {
  return launch;
}
