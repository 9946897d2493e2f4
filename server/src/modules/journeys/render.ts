import { sql } from 'drizzle-orm';
import { formatFen, JOURNEY_PLACEHOLDER_PATTERN, JOURNEY_PLACEHOLDERS, TIER_NAMES, toFen, type SendContent, type TierCode } from '@siyu/shared';
import type { Executor } from '../../db/client';
import { queryRows } from '../../lib/sql';

const SHOP_NAME = process.env.SHOP_NAME?.trim() || '私域商城';

/** Who a message is rendered for: the member and what the enrollment carries (orderId, couponId, points …). */
export interface RenderTarget {
  memberId: number;
  context: Record<string, unknown>;
}

/** Placeholder values per member, loaded for a batch in a few set-based queries. */
export type RenderData = Map<number, Record<string, string>>;

/** The placeholders used by the contents. */
export function placeholdersIn(contents: (SendContent | string | null | undefined)[]): Set<string> {
  const used = new Set<string>();
  for (const content of contents) {
    if (!content) continue;
    const texts = typeof content === 'string' ? [content] : Object.values(content.variables);
    for (const text of texts) for (const match of text.matchAll(JOURNEY_PLACEHOLDER_PATTERN)) used.add(match[1]!);
  }
  return used;
}

const chinaDate = (value: Date | string) => new Date(new Date(value).getTime() + 8 * 3600_000).toISOString().slice(0, 10);
const yuan = (fen: number) => formatFen(toFen(fen), { grouping: false });
const idList = (ids: number[]) => `{${[...new Set(ids)].join(',')}}`;
const numberIn = (context: Record<string, unknown>, key: string): number | null => {
  const value = Number(context[key]);
  return Number.isSafeInteger(value) && value > 0 ? value : null;
};

/**
 * Loads the values of `used` placeholders for the targets: member name and tier, points balance, the
 * context's order (no, amount, first item), coupon (member coupon or template), expiring points, new tier.
 * A context value named like the placeholder (`'points.expiring': '120'`) wins.
 */
export async function loadRenderData(db: Executor, targets: RenderTarget[], used: Set<string>): Promise<Map<string, Record<string, string>>> {
  const out = new Map<string, Record<string, string>>();
  const keyOf = (target: RenderTarget) => `${target.memberId}:${JSON.stringify(target.context)}`;
  if (targets.length === 0) return out;
  const memberIds = targets.map((t) => t.memberId);
  const members = new Map<number, { nickname: string; tier: string; points: number }>();
  if (used.has('member.name') || used.has('member.tier') || used.has('member.points')) {
    const rows = await queryRows<{ id: number; nickname: string; tier_name: string | null; tier_code: string; points: number | null }>(
      db,
      sql`select m.id, m.nickname, m.tier_code, t.name as tier_name, a.points_balance as points
          from members m left join tiers t on t.code = m.tier_code left join member_accounts a on a.member_id = m.id
          where m.id = any(${idList(memberIds)}::int[])`,
    );
    for (const row of rows)
      members.set(Number(row.id), {
        nickname: row.nickname || '会员',
        tier: row.tier_name ?? TIER_NAMES[row.tier_code as TierCode] ?? row.tier_code,
        points: Number(row.points ?? 0),
      });
  }
  const orders = new Map<number, { no: string; amount: number; item: string }>();
  const orderIds = targets.map((t) => numberIn(t.context, 'orderId')).filter((id): id is number => id !== null);
  if (orderIds.length > 0 && (used.has('order.no') || used.has('order.amount') || used.has('order.item'))) {
    const rows = await queryRows<{ id: number; order_no: string; payable_fen: number; item: string | null }>(
      db,
      sql`select o.id, o.order_no, o.payable_fen,
            (select l.title from order_lines l where l.order_id = o.id order by l.line_no limit 1) as item
          from orders o where o.id = any(${idList(orderIds)}::int[])`,
    );
    for (const row of rows) orders.set(Number(row.id), { no: row.order_no, amount: Number(row.payable_fen), item: row.item ?? '' });
  }
  const coupons = new Map<number, { name: string; expiresAt: string }>();
  const couponIds = targets.map((t) => numberIn(t.context, 'memberCouponId')).filter((id): id is number => id !== null);
  if (couponIds.length > 0 && (used.has('coupon.name') || used.has('coupon.expiresAt'))) {
    const rows = await queryRows<{ id: number; name: string; expires_at: Date | string }>(
      db,
      sql`select c.id, t.name, c.expires_at from member_coupons c join coupon_templates t on t.id = c.template_id where c.id = any(${idList(couponIds)}::int[])`,
    );
    for (const row of rows) coupons.set(Number(row.id), { name: row.name, expiresAt: chinaDate(row.expires_at) });
  }
  for (const target of targets) {
    const context = target.context;
    const member = members.get(target.memberId);
    const order = orders.get(numberIn(context, 'orderId') ?? 0);
    const coupon = coupons.get(numberIn(context, 'memberCouponId') ?? 0);
    const toTier = typeof context.toTier === 'string' ? context.toTier : null;
    const values: Record<string, string> = {
      'member.name': member?.nickname ?? '会员',
      'member.tier': member?.tier ?? '',
      'member.points': String(member?.points ?? 0),
      'shop.name': SHOP_NAME,
      'order.no': order?.no ?? '',
      'order.amount': order ? yuan(order.amount) : '',
      'order.item': order?.item ?? '',
      'coupon.name': coupon?.name ?? (typeof context.couponName === 'string' ? context.couponName : ''),
      'coupon.expiresAt': coupon?.expiresAt ?? (typeof context.couponExpiresAt === 'string' ? chinaDate(context.couponExpiresAt) : ''),
      'points.expiring': context.points !== undefined ? String(context.points) : '',
      'points.expiresAt': typeof context.pointsExpiresAt === 'string' ? chinaDate(context.pointsExpiresAt) : '',
      'tier.name': toTier ? (TIER_NAMES[toTier as TierCode] ?? toTier) : '',
      link: typeof context.link === 'string' ? context.link : '',
    };
    for (const name of Object.keys(JOURNEY_PLACEHOLDERS)) if (typeof context[name] === 'string') values[name] = context[name];
    out.set(keyOf(target), values);
  }
  return out;
}

/** The key of a target in loadRenderData's map. */
export const renderKeyOf = (target: RenderTarget) => `${target.memberId}:${JSON.stringify(target.context)}`;

/** `text` with each placeholder replaced by its value, cut to the placeholder's max length. */
export function renderText(text: string, values: Record<string, string>): string {
  return text.replace(JOURNEY_PLACEHOLDER_PATTERN, (_, name: string) => {
    const value = values[name] ?? '';
    const max = JOURNEY_PLACEHOLDERS[name]?.maxLength ?? value.length;
    return [...value].slice(0, max).join('');
  });
}

/** Every variable of a content, rendered. */
export function renderVariables(variables: Record<string, string>, values: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(variables).map(([key, text]) => [key, renderText(text, values)]));
}
