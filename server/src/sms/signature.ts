import crypto from 'node:crypto';

/*
 * Aliyun RPC signature V2 (HMAC-SHA1), as Dysmsapi 2017-05-25 accepts it (messaging-protocols.md §3.1):
 * StringToSign = METHOD & percentEncode("/") & percentEncode(sorted canonical query), key = secret + "&".
 * ACS3-HMAC-SHA256 (V3) is not implemented: Dysmsapi still takes V2, and it is what the simulator checks.
 */

/** RFC 3986 percent-encoding: space → %20 (never +), `*` → %2A, `~` kept, UTF-8 bytes in upper-case hex. */
export function percentEncode(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** Byte-order comparison of two strings (their UTF-8 bytes), as the V2 spec sorts keys. */
function byteOrder(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

/** `k=v` pairs of every parameter but Signature, percent-encoded, sorted by key, joined by `&`. */
export function canonicalQuery(params: Readonly<Record<string, string>>): string {
  return Object.keys(params)
    .filter((key) => key !== 'Signature')
    .sort(byteOrder)
    .map((key) => `${percentEncode(key)}=${percentEncode(params[key] ?? '')}`)
    .join('&');
}

export function stringToSign(method: string, params: Readonly<Record<string, string>>): string {
  return `${method.toUpperCase()}&${percentEncode('/')}&${percentEncode(canonicalQuery(params))}`;
}

/** Base64 HMAC-SHA1 of the StringToSign with `secret + "&"`. */
export function signRpcV2(method: string, params: Readonly<Record<string, string>>, secret: string): string {
  return crypto.createHmac('sha1', `${secret}&`).update(stringToSign(method, params)).digest('base64');
}

/** True when `params.Signature` is the V2 signature of the other parameters (constant-time comparison). */
export function verifyRpcV2(method: string, params: Readonly<Record<string, string>>, secret: string): boolean {
  const given = Buffer.from(params.Signature ?? '', 'utf8');
  const expected = Buffer.from(signRpcV2(method, params, secret), 'utf8');
  return given.length === expected.length && crypto.timingSafeEqual(given, expected);
}
