import { eq, sql } from 'drizzle-orm';
import { SMS_LINK_EXPIRE_DAYS } from '@siyu/shared';
import type { Executor } from '../../db/client';
import { smsUrlLinks } from '../../db/schema';
import type { WechatClient } from '../../wechat/client';
import { ENTRY_PAGE } from '../entry-codes/images';
import { randomBase62 } from '../entry-codes/sms-links';

/*
 * Per-recipient SMS links (messaging-protocols.md §2.4): one URL Link per journey or campaign (30 days,
 * regenerated when fewer than 3 days are left), each recipient's `cq` a 10-char random base62 token from the
 * entry-codes module (never derived from the phone), stored on the recipient's sms_sends row.
 */

const MIN_LEFT_MS = 3 * 86_400_000;
/** The same length as the entry-codes SMS links' tokens (≤ JOURNEY_PLACEHOLDERS.link.maxLength). */
export const SMS_LINK_TOKEN_LENGTH = 10;

export function newLinkToken(): string {
  return randomBase62(SMS_LINK_TOKEN_LENGTH);
}

export interface LinkScope {
  journeyId: number | null;
  campaignId: number | null;
}

function scopeOf(scope: LinkScope): { key: string; query: string } {
  if (scope.journeyId !== null) return { key: `j:${scope.journeyId}`, query: `src=sms&j=${scope.journeyId}` };
  if (scope.campaignId !== null) return { key: `c:${scope.campaignId}`, query: `src=sms&c=${scope.campaignId}` };
  return { key: 'shop', query: 'src=sms' };
}

/** The ticket of `https://wxaurl.cn/<ticket>` (the part a template's `${linkTicket}` carries). */
export function urlLinkTicket(urlLink: string): string {
  return urlLink.replace(/\/+$/, '').split('/').pop() ?? '';
}

/**
 * The journey's (campaign's) URL Link, generated once and reused while ≥ 3 days are left. The WeChat call
 * is made outside any transaction; two workers racing both generate, the first stored wins.
 */
export async function urlLinkFor(db: Executor, wechat: WechatClient, scope: LinkScope, now: Date): Promise<string> {
  const { key, query } = scopeOf(scope);
  const [current] = await db.select().from(smsUrlLinks).where(eq(smsUrlLinks.scope, key));
  if (current && current.expiresAt.getTime() - now.getTime() >= MIN_LEFT_MS) return current.urlLink;
  const { urlLink } = await wechat.generateUrlLink({ path: ENTRY_PAGE, query, expireType: 1, expireInterval: SMS_LINK_EXPIRE_DAYS });
  const expiresAt = new Date(now.getTime() + SMS_LINK_EXPIRE_DAYS * 86_400_000);
  await db
    .insert(smsUrlLinks)
    .values({ scope: key, urlLink, expiresAt, createdAt: now })
    .onConflictDoUpdate({
      target: smsUrlLinks.scope,
      set: { urlLink, expiresAt, createdAt: now },
      setWhere: sql`${smsUrlLinks.expiresAt} < ${new Date(now.getTime() + MIN_LEFT_MS)}`,
    });
  const [stored] = await db.select().from(smsUrlLinks).where(eq(smsUrlLinks.scope, key));
  return stored?.urlLink ?? urlLink;
}
