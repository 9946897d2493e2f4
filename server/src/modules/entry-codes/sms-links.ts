import crypto from 'node:crypto';
import { serializeCsv, SMS_LINK_EXPIRE_DAYS, type SmsLinkCreateBody } from '@siyu/shared';
import { inTransaction, type ServiceContext } from '../../context';
import type { PhoneCrypto } from '../../lib/phone-crypto';
import { AppError } from '../../lib/errors';
import { WechatApiError, type WechatClient } from '../../wechat/client';
import { recordAudit } from '../audit';
import { ENTRY_PAGE } from './images';
import { findChannel, findCode, insertRecipients, insertSmsLink } from './repo';

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
/** A recipient's `cq`: 10 random base62 chars (~59 bits), never derived from the phone. */
const TOKEN_LENGTH = 10;
const INSERT_CHUNK = 1000;

/** `length` uniformly random base62 characters (bytes ≥ 248 are dropped so that every character is equally likely). */
export function randomBase62(length: number): string {
  let out = '';
  while (out.length < length) {
    for (const byte of crypto.randomBytes(length * 2)) {
      if (byte < 248 && out.length < length) out += BASE62[byte % 62];
    }
  }
  return out;
}

export interface SmsLinkCampaign {
  smsLinkId: number;
  urlLink: string;
  expiresAt: Date;
  recipients: number;
  /** phone,link rows for the SMS provider (BOM, CRLF); the phones go back to the operator, never stored. */
  csv: string;
}

async function generateLink(wechat: WechatClient, scene: string): Promise<string> {
  try {
    const { urlLink } = await wechat.generateUrlLink({
      path: ENTRY_PAGE,
      query: `scene=${encodeURIComponent(scene)}`,
      expireType: 1,
      expireInterval: SMS_LINK_EXPIRE_DAYS,
    });
    return urlLink;
  } catch (error) {
    if (!(error instanceof WechatApiError)) throw error;
    if (error.errcode === 45009) throw new AppError('WECHAT_URL_LINK_QUOTA_EXCEEDED', undefined, { errcode: error.errcode });
    throw new AppError('WECHAT_URL_LINK_REJECTED', undefined, { errcode: error.errcode });
  }
}

/** Distinct phones (by hash) in the order given, each with its hash. */
function distinctPhones(phones: readonly string[], phoneCrypto: PhoneCrypto): { phone: string; phoneHash: string }[] {
  const byHash = new Map<string, string>();
  for (const raw of phones) {
    const phone = raw.trim();
    const phoneHash = phoneCrypto.hash(phone);
    if (!byHash.has(phoneHash)) byHash.set(phoneHash, phone);
  }
  return [...byHash].map(([phoneHash, phone]) => ({ phone, phoneHash }));
}

/**
 * POST /api/admin/channels/:id/sms-links: one URL Link for the campaign (query `scene=<code's scene>`, 30 days)
 * and one random `cq` token per distinct phone, stored with the phone's hash only. The link is generated
 * before the transaction (no HTTP inside one); an unused link simply expires.
 */
export async function createSmsLinks(
  sc: ServiceContext,
  services: { wechat: WechatClient; phoneCrypto: PhoneCrypto },
  channelId: number,
  body: SmsLinkCreateBody,
): Promise<SmsLinkCampaign> {
  const channel = await findChannel(sc.db, channelId);
  if (!channel) throw new AppError('CHANNEL_NOT_FOUND');
  if (channel.status !== 'active') throw new AppError('CHANNEL_ARCHIVED');
  const found = await findCode(sc.db, body.codeId);
  if (found?.code.channelId !== channelId) throw new AppError('CHANNEL_CODE_NOT_FOUND');
  if (found.code.status !== 'active') throw new AppError('CHANNEL_CODE_RETIRED');
  const recipients = distinctPhones(body.phones, services.phoneCrypto);
  const urlLink = await generateLink(services.wechat, found.code.scene);
  const expiresAt = new Date(sc.now.getTime() + SMS_LINK_EXPIRE_DAYS * 86_400_000);
  return inTransaction(sc, async (tx) => {
    const link = await insertSmsLink(tx.db, { channelId, codeId: found.code.id, label: body.label, urlLink, expiresAt, createdAt: tx.now });
    const tokens = new Map<string, string>();
    for (let start = 0; start < recipients.length; start += INSERT_CHUNK) {
      let pending = recipients.slice(start, start + INSERT_CHUNK).map((r) => ({ ...r, token: randomBase62(TOKEN_LENGTH) }));
      // A token already taken (about 1 in 10^17) is drawn again.
      while (pending.length > 0) {
        const stored = await insertRecipients(
          tx.db,
          pending.map((r) => ({ token: r.token, smsLinkId: link.id, phoneHash: r.phoneHash, createdAt: tx.now })),
        );
        for (const r of pending) if (stored.has(r.token)) tokens.set(r.phoneHash, r.token);
        pending = pending.filter((r) => !stored.has(r.token)).map((r) => ({ ...r, token: randomBase62(TOKEN_LENGTH) }));
      }
    }
    await recordAudit(tx, {
      action: 'sms_link.create',
      targetType: 'sms_link',
      targetId: link.id,
      after: { channelId, codeId: found.code.id, scene: found.code.scene, label: body.label, urlLink, expiresAt, recipients: recipients.length },
    });
    const rows = recipients.map((r) => [r.phone, `${urlLink}?cq=${tokens.get(r.phoneHash) ?? ''}`]);
    return { smsLinkId: link.id, urlLink, expiresAt, recipients: recipients.length, csv: serializeCsv([['phone', 'link'], ...rows], { bom: true }) };
  });
}
