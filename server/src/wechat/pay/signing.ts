import crypto, { type KeyObject } from 'node:crypto';
import type { SignatureFailureReason } from './errors';

/** Signing scheme of WeChat Pay API v3 (RSA PKCS#1 v1.5 over SHA-256). */
export const AUTH_SCHEMA = 'WECHATPAY2-SHA256-RSA2048';
/** Answers, notifications and our requests must be signed within 5 minutes of the receiver's clock. */
export const MAX_CLOCK_SKEW_SECONDS = 300;
/** WeChat sends signatures with this prefix on purpose to check that merchants verify them. */
export const SIGNTEST_PREFIX = 'WECHATPAY/SIGNTEST/';

/** Headers as Koa/node give them (lower-case names) or as fetch gives them. */
export type HeaderSource = Headers | Readonly<Record<string, string | readonly string[] | undefined>>;

const NONCE_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

/** A random nonce of `length` upper-case letters and digits. */
export function randomNonce(length = 32): string {
  const bytes = crypto.randomBytes(length);
  let nonce = '';
  for (const byte of bytes) nonce += NONCE_ALPHABET[byte % NONCE_ALPHABET.length];
  return nonce;
}

/** Base64 SHA256withRSA signature of `message`. */
export function signMessage(privateKey: KeyObject, message: string): string {
  return crypto.sign('sha256', Buffer.from(message, 'utf8'), privateKey).toString('base64');
}

/** True when `signature` (Base64) is a valid SHA256withRSA signature of `message` by `publicKey`. */
export function verifyMessage(publicKey: KeyObject, message: string, signature: string): boolean {
  try {
    return crypto.verify('sha256', Buffer.from(message, 'utf8'), publicKey, Buffer.from(signature, 'base64'));
  } catch {
    return false;
  }
}

/** The five-line string a request signature covers; `pathAndQuery` exactly as sent on the wire. */
export function requestSigningMessage(method: string, pathAndQuery: string, timestamp: string, nonce: string, body: string): string {
  return `${method}\n${pathAndQuery}\n${timestamp}\n${nonce}\n${body}\n`;
}

/** The three-line string an answer or notification signature covers. */
export function responseSigningMessage(timestamp: string, nonce: string, body: string): string {
  return `${timestamp}\n${nonce}\n${body}\n`;
}

export interface AuthorizationFields {
  mchid: string;
  nonce_str: string;
  signature: string;
  timestamp: string;
  serial_no: string;
}

/** Formats the Authorization header of a merchant request. */
export function formatAuthorization(fields: AuthorizationFields): string {
  const { mchid, nonce_str, signature, timestamp, serial_no } = fields;
  return `${AUTH_SCHEMA} mchid="${mchid}",nonce_str="${nonce_str}",signature="${signature}",timestamp="${timestamp}",serial_no="${serial_no}"`;
}

const AUTH_PAIR = /^\s*([a-z_]+)="([^"]*)"\s*$/;

/** Parses an Authorization header; null unless it has the schema and all five fields exactly once. */
export function parseAuthorization(header: string | undefined): AuthorizationFields | null {
  if (!header?.startsWith(`${AUTH_SCHEMA} `)) return null;
  const values = new Map<string, string>();
  for (const part of header.slice(AUTH_SCHEMA.length + 1).split(',')) {
    const match = AUTH_PAIR.exec(part);
    if (!match?.[1] || match[2] === undefined || values.has(match[1])) return null;
    values.set(match[1], match[2]);
  }
  const get = (name: keyof AuthorizationFields) => values.get(name);
  const fields = { mchid: get('mchid'), nonce_str: get('nonce_str'), signature: get('signature'), timestamp: get('timestamp'), serial_no: get('serial_no') };
  if (Object.values(fields).some((value) => !value) || values.size !== 5) return null;
  return fields as AuthorizationFields;
}

/** One header value; undefined when missing or sent more than once. */
export function readHeader(headers: HeaderSource, name: string): string | undefined {
  if (headers instanceof Headers) return headers.get(name) ?? undefined;
  const value = headers[name.toLowerCase()];
  return typeof value === 'string' ? value : undefined;
}

export type SignatureCheck = { isValid: true; serial: string } | { isValid: false; reason: SignatureFailureReason; message: string };

/**
 * Verifies the Wechatpay-* signature headers over `body` (the exact bytes received). Probes are
 * recognised before anything else so they are logged as probes; then the timestamp, then the key.
 */
export function checkWechatpaySignature(input: { headers: HeaderSource; body: string; keys: ReadonlyMap<string, KeyObject>; nowMs: number }): SignatureCheck {
  const timestamp = readHeader(input.headers, 'wechatpay-timestamp');
  const nonce = readHeader(input.headers, 'wechatpay-nonce');
  const signature = readHeader(input.headers, 'wechatpay-signature');
  const serial = readHeader(input.headers, 'wechatpay-serial');
  if (!timestamp || !nonce || !signature || !serial) {
    return { isValid: false, reason: 'malformed', message: 'missing Wechatpay-Timestamp/Nonce/Signature/Serial' };
  }
  if (signature.startsWith(SIGNTEST_PREFIX)) return { isValid: false, reason: 'probe', message: 'WECHATPAY/SIGNTEST/ probe' };
  if (!/^\d{1,12}$/.test(timestamp)) return { isValid: false, reason: 'malformed', message: 'Wechatpay-Timestamp is not a number' };
  if (Math.abs(Math.floor(input.nowMs / 1000) - Number(timestamp)) >= MAX_CLOCK_SKEW_SECONDS) {
    return { isValid: false, reason: 'stale', message: `timestamp ${timestamp} is 5 minutes or more away from now` };
  }
  const key = input.keys.get(serial);
  if (!key) return { isValid: false, reason: 'unknown_serial', message: `no WeChat Pay key for serial ${serial}` };
  if (!verifyMessage(key, responseSigningMessage(timestamp, nonce, input.body), signature)) {
    return { isValid: false, reason: 'bad_signature', message: `signature does not verify with ${serial}` };
  }
  return { isValid: true, serial };
}

/** The Wechatpay-* headers that sign `body` with `key` (answers and notifications alike). */
export function wechatpaySignatureHeaders(
  key: { serial: string; privateKey: KeyObject },
  body: string,
  options: { timestampSec: number; nonce?: string },
): Record<string, string> {
  const timestamp = String(options.timestampSec);
  const nonce = options.nonce ?? randomNonce();
  return {
    'Wechatpay-Timestamp': timestamp,
    'Wechatpay-Nonce': nonce,
    'Wechatpay-Signature': signMessage(key.privateKey, responseSigningMessage(timestamp, nonce, body)),
    'Wechatpay-Serial': key.serial,
  };
}

const BEIJING_OFFSET_MS = 8 * 3600 * 1000;

/** RFC 3339 in Beijing time, to the second: 2026-11-24T20:29:35+08:00 (WeChat's time format). */
export function formatBeijingTime(date: Date | number): string {
  const ms = typeof date === 'number' ? date : date.getTime();
  if (!Number.isFinite(ms)) throw new RangeError('invalid date');
  return `${new Date(ms + BEIJING_OFFSET_MS).toISOString().slice(0, 19)}+08:00`;
}

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;

/** Milliseconds since the epoch for an RFC 3339 time with an offset; null for anything else. */
export function parseRfc3339(text: string): number | null {
  if (!RFC3339.test(text)) return null;
  const ms = Date.parse(text);
  return Number.isFinite(ms) ? ms : null;
}

/** Accepts a PEM string or a KeyObject and returns a public KeyObject (throws on anything else). */
export function toPublicKey(key: string | KeyObject): KeyObject {
  const object = typeof key === 'string' ? crypto.createPublicKey(key) : key.type === 'private' ? crypto.createPublicKey(key) : key;
  if (object.asymmetricKeyType !== 'rsa') throw new TypeError('WeChat Pay keys are RSA keys');
  return object;
}

/** Accepts a PEM string or a KeyObject and returns a private RSA KeyObject. */
export function toPrivateKey(key: string | KeyObject): KeyObject {
  const object = typeof key === 'string' ? crypto.createPrivateKey(key) : key;
  if (object.type !== 'private' || object.asymmetricKeyType !== 'rsa') throw new TypeError('the merchant key must be a private RSA key');
  return object;
}
