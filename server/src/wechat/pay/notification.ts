import type { KeyObject } from 'node:crypto';
import { decryptAes256Gcm, RESOURCE_ALGORITHM } from './crypto';
import { WechatPayNotificationError } from './errors';
import {
  notificationEnvelopeSchema,
  parseJson,
  REFUND_EVENT_TYPES,
  refundNoticeSchema,
  transactionSchema,
  type RefundEventType,
  type WechatPayNotification,
} from './schemas';
import { checkWechatpaySignature, type HeaderSource } from './signing';

export interface NotificationInput {
  headers: HeaderSource;
  /** The request body exactly as received: the signature covers these bytes, not a re-serialisation. */
  rawBody: string | Buffer;
}

export interface NotificationContext {
  mchid: string;
  appid: string;
  apiV3Key: string;
  keys: ReadonlyMap<string, KeyObject>;
  nowMs: number;
}

const fail = (reason: WechatPayNotificationError['reason'], message: string) => new WechatPayNotificationError(reason, message);

/**
 * Verifies a WeChat Pay notification (signature by Wechatpay-Serial, freshness, no SIGNTEST probe),
 * decrypts its resource and checks that it is addressed to this merchant, in CNY. Throws
 * WechatPayNotificationError with a reason; never returns anything it has not authenticated.
 * Checking the amount against the order is the caller's job: only it knows the order.
 */
export function verifyAndDecryptNotification(input: NotificationInput, context: NotificationContext): WechatPayNotification {
  const body = typeof input.rawBody === 'string' ? input.rawBody : input.rawBody.toString('utf8');
  const check = checkWechatpaySignature({ headers: input.headers, body, keys: context.keys, nowMs: context.nowMs });
  if (!check.isValid) throw fail(check.reason, check.message);

  const envelope = notificationEnvelopeSchema.safeParse(parseJson(body));
  if (!envelope.success) throw fail('malformed', 'not a WeChat Pay notification');
  const { resource, event_type: eventType } = envelope.data;
  if (resource.algorithm !== RESOURCE_ALGORITHM) throw fail('malformed', `unsupported algorithm ${resource.algorithm}`);
  const kind = eventType === 'TRANSACTION.SUCCESS' ? 'transaction' : isRefundEvent(eventType) ? 'refund' : null;
  if (!kind || resource.original_type !== kind) {
    throw fail('malformed', `event ${eventType} with a resource of type ${resource.original_type}`);
  }

  const plaintext = decryptAes256Gcm(context.apiV3Key, resource.ciphertext, resource.nonce, resource.associated_data);
  if (plaintext === null) throw fail('decrypt_failed', 'the resource does not decrypt with our APIv3 key');
  const plain = parseJson(plaintext);
  const meta = { id: envelope.data.id, createTime: envelope.data.create_time };

  if (kind === 'transaction') {
    const parsed = transactionSchema.safeParse(plain);
    if (!parsed.success) throw fail('malformed', 'the decrypted transaction lacks required fields');
    const transaction = parsed.data;
    if (transaction.mchid !== context.mchid || transaction.appid !== context.appid) {
      throw fail('mismatch', `transaction for ${transaction.appid}/${transaction.mchid}, not ours`);
    }
    // We only ever ask for CNY: an amount in another currency is not the amount we charged.
    if (transaction.amount.currency !== 'CNY') throw fail('currency', `transaction in ${transaction.amount.currency}, not CNY`);
    return { ...meta, eventType: 'TRANSACTION.SUCCESS', kind, transaction };
  }
  const parsed = refundNoticeSchema.safeParse(plain);
  if (!parsed.success) throw fail('malformed', 'the decrypted refund lacks required fields');
  if (parsed.data.mchid !== context.mchid) throw fail('mismatch', `refund for merchant ${parsed.data.mchid}, not ours`);
  if (parsed.data.amount.currency !== 'CNY') throw fail('currency', `refund in ${parsed.data.amount.currency}, not CNY`);
  if (!isRefundEvent(eventType)) throw fail('malformed', `unexpected event ${eventType}`);
  return { ...meta, eventType, kind, refund: parsed.data };
}

function isRefundEvent(eventType: string): eventType is RefundEventType {
  return (REFUND_EVENT_TYPES as readonly string[]).includes(eventType);
}
