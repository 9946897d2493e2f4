/** What the mini-program was opened with, in the shape POST /api/auth/wechat accepts (`launch`). */
export interface LaunchOptionsInput {
  scene?: number;
  path?: string;
  query?: Record<string, string>;
}

interface RawLaunchOptions {
  scene?: unknown;
  path?: unknown;
  query?: unknown;
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/**
 * Normalises launch options for attribution: the entry scene (1047 scan, 1048, 1049, …), the page,
 * and its query. A QR code's `scene` parameter arrives URL-encoded and is decoded here
 * (wechat-protocols.md §2); values are cut to the sizes the API accepts.
 */
export function normalizeLaunchOptions(raw: RawLaunchOptions | null | undefined): LaunchOptionsInput | undefined {
  if (!raw) return undefined;
  const launch: LaunchOptionsInput = {};
  if (typeof raw.scene === 'number' && Number.isInteger(raw.scene) && raw.scene >= 0 && raw.scene <= 99_999) launch.scene = raw.scene;
  if (typeof raw.path === 'string' && raw.path) launch.path = raw.path.slice(0, 200);
  if (raw.query && typeof raw.query === 'object') {
    const query: Record<string, string> = {};
    for (const [key, value] of Object.entries(raw.query as Record<string, unknown>).slice(0, 20)) {
      if (typeof value !== 'string' || key.length > 64) continue;
      query[key] = (key === 'scene' ? safeDecode(value) : value).slice(0, 600);
    }
    if (Object.keys(query).length > 0) launch.query = query;
  }
  return Object.keys(launch).length > 0 ? launch : undefined;
}
