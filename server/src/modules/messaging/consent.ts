import { and, eq } from 'drizzle-orm';
import type { MessageChannel } from '@siyu/shared';
import { isTransaction, type Db, type Executor } from '../../db/client';
import { memberConsentLog, memberConsents } from '../../db/schema';
import { appendEvent } from '../events';

export type ConsentChannel = MessageChannel | 'personalized';

/**
 * A consent without a member_consents row: in-app marketing is granted (the 消息 center is the shop's own
 * space, nothing is pushed) and personalised marketing is on (PIPL art. 24 is an opt-out); SMS, WeCom and
 * subscribe marketing are not granted until the member says so.
 */
export function consentDefault(channel: ConsentChannel): boolean {
  return channel === 'inapp' || channel === 'personalized';
}

/**
 * The exact text the mini-program's settings page shows beside each switch (it renders these, served in GET
 * /api/me/preferences `texts`): the proof a change is logged with.
 */
export const PREFERENCE_TEXTS: Readonly<Record<ConsentChannel, string>> = {
  sms: '接收短信优惠消息（活动、上新、优惠券提醒），可随时关闭或回复 R 退订',
  wecom: '接收专属顾问的企业微信优惠消息',
  subscribe: '接收订阅消息中的活动提醒（订单、物流等服务通知不受影响）',
  inapp: '在「消息」中接收优惠活动消息',
  personalized:
    '依据《个人信息保护法》第二十四条，我们会根据你的浏览、购买记录向你推荐商品和优惠。关闭后，你将不再收到基于个人特征的个性化营销，已获得的订单与服务通知不受影响。',
};

/** The proof of a change made on the settings page: the switch's state and the text shown beside it. */
export function preferenceProof(channel: ConsentChannel, granted: boolean): string {
  return `${granted ? '开启' : '关闭'}：${PREFERENCE_TEXTS[channel]}`;
}

/**
 * Sets one consent (member_consents upsert), logs it with its proof (member_consent_log) and, when the state
 * changed, appends `member.consent_changed`. Call it inside the caller's transaction. The guards read
 * member_consents at send time, so a change reaches every pending message at once.
 */
export async function setConsent(
  db: Executor,
  change: { memberId: number; channel: ConsentChannel; granted: boolean; source: string; proof: string; now: Date },
): Promise<boolean> {
  const [before] = await db
    .select({ granted: memberConsents.granted })
    .from(memberConsents)
    .where(and(eq(memberConsents.memberId, change.memberId), eq(memberConsents.channel, change.channel)))
    .for('update');
  await db
    .insert(memberConsents)
    .values({ memberId: change.memberId, channel: change.channel, granted: change.granted, source: change.source, proof: change.proof, updatedAt: change.now })
    .onConflictDoUpdate({
      target: [memberConsents.memberId, memberConsents.channel],
      set: { granted: change.granted, source: change.source, proof: change.proof, updatedAt: change.now },
    });
  await db.insert(memberConsentLog).values({
    memberId: change.memberId,
    channel: change.channel,
    granted: change.granted,
    source: change.source,
    proof: change.proof,
    createdAt: change.now,
  });
  const changed = (before?.granted ?? consentDefault(change.channel)) !== change.granted;
  if (changed) {
    await appendEvent(db, {
      type: 'member.consent_changed',
      occurredAt: change.now,
      memberId: change.memberId,
      payload: { channel: change.channel, granted: change.granted, source: change.source },
    });
  }
  return changed;
}

/**
 * A member opted out of a channel's marketing elsewhere (SMS uplink R / TD / 退订, a WeCom delete …): the
 * consent becomes not granted, with its proof. Pending marketing on that channel is skipped 'no_consent' when
 * the dispatcher reaches it. Use the caller's transaction when there is one.
 */
export async function recordOptOut(
  db: Executor,
  memberId: number,
  channel: MessageChannel,
  source: string,
  proof: string,
  now: Date = new Date(),
): Promise<void> {
  const change = { memberId, channel, granted: false, source, proof, now };
  if (isTransaction(db)) await setConsent(db, change);
  else await (db as Db).transaction((tx) => setConsent(tx, change));
}
