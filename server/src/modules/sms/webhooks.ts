import crypto from 'node:crypto';
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { members, messageIntents, smsSends, smsSuppressions } from '../../db/schema';
import type { PhoneCrypto } from '../../lib/phone-crypto';
import type { SmsReport, SmsUplink } from '../../sms/client';
import { recordOptOut } from '../messaging/consent';

/*
 * Aliyun's HTTP pushes (status reports, uplink replies). Aliyun signs neither, so the callback URLs set in the
 * console carry a secret (`?token=`, ALIYUN_SMS_CALLBACK_TOKEN) compared in constant time; a push without it is
 * refused before anything is read or written. Reports are idempotent (a duplicate or a late one changes
 * nothing once the send has its final state); an uplink R / TD / 退订 suppresses the number and records the
 * member's SMS opt-out.
 */

/** True when `given` is the configured callback token (constant time; false for anything else). */
export function callbackTokenMatches(given: unknown, expected: string): boolean {
  if (typeof given !== 'string' || expected === '') return false;
  const a = crypto.createHash('sha256').update(given).digest();
  const b = crypto.createHash('sha256').update(expected).digest();
  return crypto.timingSafeEqual(a, b);
}

/** R, TD or 退订 (case and spaces ignored): the member refuses further SMS. */
export function isOptOutReply(content: string): boolean {
  const normalized = content.replace(/[\s\u3000]+/g, '').toUpperCase();
  return normalized === 'R' || normalized === 'TD' || normalized === '退订';
}

/** Applies status reports; returns how many sends changed state (duplicates and late ones change none). */
export async function applySmsReports(db: Db, reports: readonly SmsReport[], now: Date): Promise<number> {
  let changed = 0;
  for (const report of reports) {
    const match = report.outId ? eq(smsSends.outId, report.outId) : eq(smsSends.bizId, report.bizId);
    const status = report.success ? 'delivered' : 'failed';
    changed += await db.transaction(async (tx) => {
      const updated = await tx
        .update(smsSends)
        .set({
          status,
          errorCode: report.success ? null : report.errCode || 'UNKNOWN',
          reportedAt: now,
          bizId: sql`coalesce(${smsSends.bizId}, ${report.bizId || null})`,
          sentAt: sql`coalesce(${smsSends.sentAt}, ${now})`,
        })
        .where(and(match, eq(smsSends.status, 'accepted')))
        .returning({ intentId: smsSends.intentId });
      if (updated.length === 0) return 0;
      const ids = updated.map((u) => u.intentId);
      await tx
        .update(messageIntents)
        .set(
          report.success
            ? { status: 'delivered', deliveredAt: now, sentAt: sql`coalesce(${messageIntents.sentAt}, ${now})`, updatedAt: now }
            : { status: 'failed', reason: 'provider_rejected', updatedAt: now },
        )
        .where(and(inArray(messageIntents.id, ids), inArray(messageIntents.status, ['sent', 'sending'])));
      return updated.length;
    });
  }
  return changed;
}

/** Applies uplink replies; returns the numbers newly suppressed. Other replies are ignored. */
export async function applySmsUplinks(db: Db, phoneCrypto: PhoneCrypto, uplinks: readonly SmsUplink[], now: Date): Promise<number> {
  let suppressed = 0;
  for (const uplink of uplinks) {
    if (!isOptOutReply(uplink.content)) continue;
    const phoneHash = phoneCrypto.hash(uplink.phone);
    suppressed += await db.transaction(async (tx) => {
      const owners = await tx.select({ id: members.id }).from(members).where(eq(members.phoneHash, phoneHash)).orderBy(members.id);
      const inserted = await tx
        .insert(smsSuppressions)
        .values({ phoneHash, memberId: owners[0]?.id ?? null, reason: uplink.content.trim().slice(0, 20), source: 'sms_uplink', createdAt: now })
        .onConflictDoNothing()
        .returning({ phoneHash: smsSuppressions.phoneHash });
      // A repeated reply changes nothing: the opt-out is recorded once, with the reply as its proof.
      if (inserted.length === 0) return 0;
      for (const owner of owners) await recordOptOut(tx, owner.id, 'sms', 'sms_uplink', uplink.content.trim().slice(0, 200), now);
      return inserted.length;
    });
  }
  return suppressed;
}
