import type Koa from 'koa';
import getRawBody from 'raw-body';

/*
 * Small pieces both strict simulators (WeChat, WeCom) answer with: Tencent's `{errcode, errmsg}` error body
 * (HTTP 200, like the real APIs) and a JSON object body read without the app's body parser.
 */

/** Tencent's error answer: HTTP 200 with `{errcode, errmsg}`. */
export function wxError(errcode: number, errmsg: string): { errcode: number; errmsg: string } {
  return { errcode, errmsg };
}

/** The request's JSON object body (≤ 64 KB), or null when it is missing, too large or not an object. */
export async function readJson(ctx: Koa.Context): Promise<Record<string, unknown> | null> {
  try {
    const text = await getRawBody(ctx.req, { limit: 64 * 1024, encoding: 'utf8' });
    const value: unknown = JSON.parse(text);
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}
