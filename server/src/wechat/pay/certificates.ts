import { X509Certificate, type KeyObject } from 'node:crypto';
import { z } from 'zod';
import { decryptAes256Gcm, RESOURCE_ALGORITHM } from './crypto';
import { WechatPayError } from './errors';
import { parseJson } from './schemas';
import { checkWechatpaySignature, parseRfc3339, type HeaderSource } from './signing';

/**
 * Platform-certificate mode of WeChat Pay API v3 (merchants without a WeChat Pay public key): the
 * platform's verification keys come from GET /v3/certificates, each certificate encrypted with the APIv3
 * key. The AES-GCM tag authenticates every certificate (only WeChat and we hold the key), so the answer's
 * own signature may be checked with a certificate it carries (bootstrapping) as well as a known one.
 */

const encryptedCertificateSchema = z.looseObject({
  algorithm: z.string(),
  nonce: z.string(),
  associated_data: z.string().default(''),
  ciphertext: z.string().min(1),
});

/** One entry of GET /v3/certificates. */
export const certificateItemSchema = z.looseObject({
  serial_no: z.string().min(1),
  effective_time: z.string(),
  expire_time: z.string(),
  encrypt_certificate: encryptedCertificateSchema,
});
export type CertificateItem = z.input<typeof certificateItemSchema>;

const certificatesAnswerSchema = z.looseObject({ data: z.array(certificateItemSchema) });

/** A decrypted platform certificate. */
export interface PlatformCertificate {
  serial: string;
  publicKey: KeyObject;
  pem: string;
  effectiveMs: number;
  expireMs: number;
}

/** Serials as WeChat writes them (upper-case hex, no leading zero bytes), for comparing with X.509's. */
export function normalizeSerial(serial: string): string {
  return serial.toUpperCase().replace(/^(00)+(?=[0-9A-F])/, '');
}

/** Decrypts one /v3/certificates entry; throws (a WechatPayError: the answer cannot be used) unless it is a valid certificate of that serial. */
export function decryptPlatformCertificate(apiV3Key: string, input: CertificateItem): PlatformCertificate {
  const parsed = certificateItemSchema.safeParse(input);
  if (!parsed.success) throw malformed('a certificate entry lacks required fields');
  const item = parsed.data;
  const encrypted = item.encrypt_certificate;
  if (encrypted.algorithm !== RESOURCE_ALGORITHM) throw malformed(`unsupported algorithm ${encrypted.algorithm}`);
  const pem = decryptAes256Gcm(apiV3Key, encrypted.ciphertext, encrypted.nonce, encrypted.associated_data);
  if (pem === null) throw malformed(`certificate ${item.serial_no} does not decrypt with our APIv3 key`);
  let certificate: X509Certificate;
  try {
    certificate = new X509Certificate(pem);
  } catch {
    throw malformed(`certificate ${item.serial_no} is not an X.509 certificate`);
  }
  if (normalizeSerial(certificate.serialNumber) !== normalizeSerial(item.serial_no))
    throw malformed(`certificate serial ${certificate.serialNumber} is not ${item.serial_no}`);
  const effectiveMs = parseRfc3339(item.effective_time) ?? Date.parse(certificate.validFrom);
  const expireMs = Math.min(parseRfc3339(item.expire_time) ?? Infinity, Date.parse(certificate.validTo));
  return { serial: item.serial_no, publicKey: certificate.publicKey, pem, effectiveMs, expireMs };
}

function malformed(message: string): WechatPayError {
  return new WechatPayError(200, 'RESPONSE_MALFORMED', `GET /v3/certificates: ${message}`, true);
}

/** A signed GET /v3/certificates as sent (2xx only; the store verifies it). */
export type CertificateDownload = () => Promise<{ status: number; headers: HeaderSource; text: string }>;

export interface CertificateStoreOptions {
  apiV3Key: string;
  download: CertificateDownload;
  now: () => number;
  /** Reload this often (WeChat publishes a new certificate well before the old one expires). Default 12 h. */
  refreshEveryMs?: number;
  /** At most one reload per this interval when an unknown serial arrives (an attacker can send any). Default 60 s. */
  minRefreshIntervalMs?: number;
}

/**
 * The platform certificates by serial: loaded on first need, reloaded every `refreshEveryMs` and when an
 * unknown serial arrives (rate-limited), one download at a time; expired certificates verify nothing.
 */
export class PlatformCertificateStore {
  private certificates = new Map<string, PlatformCertificate>();
  private loadedAtMs: number | null = null;
  private attemptedAtMs = -Infinity;
  private loading: Promise<void> | null = null;

  constructor(private readonly options: CertificateStoreOptions) {}

  /** Verification keys of the certificates in force now. */
  keys(): Map<string, KeyObject> {
    const now = this.options.now();
    return new Map([...this.certificates.values()].filter((c) => c.expireMs > now).map((c) => [c.serial, c.publicKey]));
  }

  /** The serial of the newest certificate in force (sent as Wechatpay-Serial), or null. */
  newestSerial(): string | null {
    const now = this.options.now();
    const usable = [...this.certificates.values()].filter((c) => c.expireMs > now && c.effectiveMs <= now);
    return usable.sort((a, b) => b.expireMs - a.expireMs)[0]?.serial ?? null;
  }

  /** Loads when nothing is loaded or the last load is older than the refresh interval; a failed reload keeps what it has. */
  async ensureFresh(): Promise<void> {
    const isDue = this.loadedAtMs === null || this.options.now() - this.loadedAtMs >= (this.options.refreshEveryMs ?? 12 * 3600_000);
    if (!isDue) return;
    try {
      await this.reload();
    } catch (error) {
      if (this.keys().size === 0) throw error;
    }
  }

  /** Reloads for a serial we do not know, at most once per interval; true when it did. */
  async refreshForUnknownSerial(): Promise<boolean> {
    if (this.options.now() - this.attemptedAtMs < (this.options.minRefreshIntervalMs ?? 60_000)) return false;
    await this.reload();
    return true;
  }

  /** The same, in the background (for synchronous callers: the sender retries, and finds the key then). */
  requestRefresh(): void {
    void this.refreshForUnknownSerial().catch(() => undefined);
  }

  /** Downloads, decrypts and verifies the list, then replaces the cache; one download at a time. */
  reload(): Promise<void> {
    this.loading ??= this.load().finally(() => {
      this.loading = null;
    });
    return this.loading;
  }

  private async load(): Promise<void> {
    this.attemptedAtMs = this.options.now();
    const { status, headers, text } = await this.options.download();
    const parsed = certificatesAnswerSchema.safeParse(parseJson(text));
    if (!parsed.success) throw malformed('unexpected answer');
    const downloaded = parsed.data.data.map((item) => decryptPlatformCertificate(this.options.apiV3Key, item));
    const keys = new Map([...this.keys(), ...downloaded.map((c): [string, KeyObject] => [c.serial, c.publicKey])]);
    const check = checkWechatpaySignature({ headers, body: text, keys, nowMs: this.options.now() });
    if (!check.isValid)
      throw new WechatPayError(status, 'RESPONSE_SIGNATURE_INVALID', `GET /v3/certificates: ${check.message}`, true, { reason: check.reason });
    this.certificates = new Map(downloaded.map((c) => [c.serial, c]));
    this.loadedAtMs = this.options.now();
  }
}
