import crypto, { type KeyObject } from 'node:crypto';
import { encryptAes256Gcm, RESOURCE_ALGORITHM, type EncryptedResource } from './crypto';
import { formatBeijingTime, randomNonce, wechatpaySignatureHeaders } from './signing';

/**
 * How WeChat Pay builds, signs and delivers notifications. Exported so that tests can forge
 * notifications (wrong amount, tampered ciphertext, probe, stale) with real cryptography.
 */

/** Encrypts a notification resource with the APIv3 key (AES-256-GCM, 12-character nonce). */
export function encryptResource(
  apiV3Key: string,
  plaintext: unknown,
  options: { originalType: string; associatedData?: string; nonce?: string },
): EncryptedResource {
  const nonce = options.nonce ?? randomNonce(12);
  const associatedData = options.associatedData ?? options.originalType;
  const text = typeof plaintext === 'string' ? plaintext : JSON.stringify(plaintext);
  return {
    original_type: options.originalType,
    algorithm: RESOURCE_ALGORITHM,
    ciphertext: encryptAes256Gcm(apiV3Key, text, nonce, associatedData),
    associated_data: associatedData,
    nonce,
  };
}

/** The Wechatpay-* headers that sign a notification body with a platform key. */
export function signNotification(
  key: { serial: string; privateKey: KeyObject },
  body: string,
  options: { timestampSec: number; nonce?: string },
): Record<string, string> {
  return wechatpaySignatureHeaders(key, body, options);
}

/** The JSON body of a notification. */
export function notificationBody(input: { eventType: string; summary: string; resource: EncryptedResource; nowMs: number; id?: string }): string {
  return JSON.stringify({
    id: input.id ?? crypto.randomUUID(),
    create_time: formatBeijingTime(input.nowMs),
    resource_type: 'encrypt-resource',
    event_type: input.eventType,
    summary: input.summary,
    resource: input.resource,
  });
}

export interface DeliveryOptions {
  /** How many copies to send, all at once (WeChat's duplicates and retries race in real life). Default 1. */
  duplicates?: number;
  /** Wait this long before sending (out-of-order and late delivery). */
  delayMs?: number;
  /** false models a lost notification: nothing is sent, the merchant must query. */
  deliver?: boolean;
}

export interface NotificationDelivery {
  notificationId: string;
  eventType: string;
  url: string;
  /** The merchant's HTTP status; null when the request failed (refused, timed out). */
  status: number | null;
  responseBody: string;
  error: string | null;
}

/**
 * POSTs the same notification `duplicates` times, each copy signed afresh (new timestamp and nonce,
 * same id and ciphertext, as WeChat's retries are). Resolves when every copy has been answered.
 */
export async function deliverNotification(input: {
  url: string;
  notificationId: string;
  body: string;
  eventType: string;
  sign: (body: string) => Record<string, string>;
  fetch: typeof fetch;
  options: DeliveryOptions;
}): Promise<NotificationDelivery[]> {
  if (input.options.deliver === false) return [];
  const copies = input.options.duplicates ?? 1;
  if (!Number.isInteger(copies) || copies < 1) throw new RangeError('duplicates must be a positive integer');
  if (input.options.delayMs) await new Promise((resolve) => setTimeout(resolve, input.options.delayMs));
  const sendOne = async (): Promise<NotificationDelivery> => {
    const base = { notificationId: input.notificationId, eventType: input.eventType, url: input.url };
    try {
      const response = await input.fetch(input.url, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'User-Agent': 'Mozilla/4.0 (WeChat Pay simulator)', ...input.sign(input.body) },
        body: input.body,
        // WeChat waits 5 s for an answer.
        signal: AbortSignal.timeout(5000),
      });
      return { ...base, status: response.status, responseBody: await response.text(), error: null };
    } catch (error) {
      return { ...base, status: null, responseBody: '', error: (error as Error).message };
    }
  };
  return Promise.all(Array.from({ length: copies }, sendOne));
}
