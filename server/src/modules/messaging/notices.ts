import { eq, sql } from 'drizzle-orm';
import { chinaDay } from '@siyu/shared';
import type { Executor } from '../../db/client';
import { appMeta, messageIntents, tiers } from '../../db/schema';
import { queryRows } from '../../lib/sql';

/**
 * The bridge from `member_notices` (points expiring, birthday gifts, tier downgrade warnings — written by the
 * membership chores) to the 消息 center: each new notice becomes one service in-app intent keyed
 * `notice:<id>` (unique: a notice is never sent twice). A cursor in app_meta remembers the last notice id;
 * each run also looks RESCAN ids behind it, for a notice whose transaction committed after a higher id was
 * seen. Notices older than MAX_AGE_MS (written before this bridge existed, or while it was down long) are not
 * sent: a stale "your points expire" is noise.
 */

export const NOTICE_CURSOR_KEY = 'messaging.notices_cursor';
const RESCAN = 500;
const MAX_AGE_MS = 7 * 24 * 60 * 60 * 1000;

interface NoticeRow {
  id: string | number;
  member_id: number;
  kind: string;
  data: Record<string, unknown> | null;
}

interface InappContent {
  title: string;
  content: string;
  link: string | null;
}

const num = (value: unknown): number => (typeof value === 'number' && Number.isFinite(value) ? value : 0);
const dayOf = (value: unknown): string => (typeof value === 'string' && !Number.isNaN(Date.parse(value)) ? chinaDay(new Date(value)) : '');

/** The Chinese title and body of a notice, by kind; null for a kind the 消息 center does not show. */
export function noticeContent(kind: string, data: Record<string, unknown>, tierNames: ReadonlyMap<string, string>): InappContent | null {
  const tierName = (code: unknown) => (typeof code === 'string' ? (tierNames.get(code) ?? code) : '');
  switch (kind) {
    case 'points_expiring':
      return {
        title: '积分即将过期',
        content: `您有 ${num(data.points)} 积分将于 ${dayOf(data.expiresAt)} 过期，快去积分商城兑换好礼吧。`,
        link: '/pages/points-mall/index',
      };
    case 'birthday_gift': {
      const points = num(data.points);
      const gifts = [points > 0 ? `${points} 积分` : null, data.memberCouponId ? '一张生日优惠券' : null].filter(Boolean);
      return {
        title: '生日快乐',
        content: gifts.length > 0 ? `祝您生日快乐！生日礼已到账：${gifts.join('和')}。` : '祝您生日快乐！感谢一路相伴。',
        link: data.memberCouponId ? '/pages/my-coupons/index' : '/pages/member/index',
      };
    }
    case 'tier_downgrade_warning':
      return {
        title: '会员等级即将调整',
        content: `您的${tierName(data.fromTier)}会员将于 ${dayOf(data.at)} 调整为${tierName(data.toTier)}，再获得 ${num(data.growthNeeded)} 成长值即可保级。`,
        link: '/pages/member/index',
      };
    default:
      return null;
  }
}

/** The last notice id bridged (0 before the first run). */
async function readCursor(db: Executor): Promise<number> {
  const [row] = await db.select({ value: appMeta.value }).from(appMeta).where(eq(appMeta.key, NOTICE_CURSOR_KEY));
  return typeof row?.value === 'number' ? row.value : 0;
}

/** Turns new member_notices into service in-app intents; returns how many intents it wrote. */
export async function bridgeNotices(db: Executor, now: Date, limit = 500): Promise<number> {
  const cursor = await readCursor(db);
  const notices = await queryRows<NoticeRow>(
    db,
    sql`select n.id, n.member_id, n.kind, n.data from member_notices n
        where n.id > ${Math.max(0, cursor - RESCAN)}
          and n.created_at >= ${new Date(now.getTime() - MAX_AGE_MS).toISOString()}::timestamptz
          and n.kind in ('points_expiring', 'birthday_gift', 'tier_downgrade_warning')
          and not exists (select 1 from message_intents i where i.key = 'notice:' || n.id)
        order by n.id
        limit ${limit}`,
  );
  if (notices.length === 0) return 0;
  const tierNames = new Map((await db.select({ code: tiers.code, name: tiers.name }).from(tiers)).map((tier) => [tier.code, tier.name]));
  const values = notices.flatMap((notice) => {
    const content = noticeContent(notice.kind, notice.data ?? {}, tierNames);
    if (!content) return [];
    return [
      {
        key: `notice:${notice.id}`,
        memberId: Number(notice.member_id),
        channel: 'inapp',
        purpose: 'service',
        template: notice.kind,
        variables: { title: content.title, content: content.content },
        link: content.link,
        status: 'pending',
        notBefore: now,
        createdAt: now,
        updatedAt: now,
      },
    ];
  });
  const written =
    values.length === 0
      ? []
      : await db.insert(messageIntents).values(values).onConflictDoNothing({ target: messageIntents.key }).returning({ id: messageIntents.id });
  const maxId = Math.max(...notices.map((notice) => Number(notice.id)));
  if (maxId > cursor) {
    await db
      .insert(appMeta)
      .values({ key: NOTICE_CURSOR_KEY, value: maxId, updatedAt: now })
      .onConflictDoUpdate({ target: appMeta.key, set: { value: sql`greatest((${appMeta.value})::bigint, ${maxId}::bigint)::text::jsonb`, updatedAt: now } });
  }
  return written.length;
}
