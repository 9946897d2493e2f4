import { sql, type SQL } from 'drizzle-orm';
import { TIER_NAMES, tierCodeSchema, type MemberTimelineItem, type MemberTimelineKind } from '@siyu/shared';
import type { ServiceContext } from '../../context';
import { decodeCursor, encodeCursor } from '../../lib/cursor';
import { AppError } from '../../lib/errors';
import { queryRows } from '../../lib/sql';
import { findMemberById } from '../members';

/**
 * A member's timeline (GET /api/admin/members/:id/timeline): touches, order steps, refunds, coupons,
 * points, tier changes, staff notes, tags added and messages sent, newest first. Each source is its own indexed query
 * (the member's rows before the cursor, at most one page), merged here. Order: time, then the source's
 * rank, then the row id, all descending — so the cursor [time in µs, rank, id] is exact across sources.
 */
type Data = Record<string, unknown>;

interface Source {
  kind: MemberTimelineKind;
  /** Unique per source; breaks ties between sources at the same instant. */
  rank: number;
  /** `select <id> as id, <at> as at, <json> as data from … where <member> ` — the rest is added. */
  at: SQL;
  id: SQL;
  data: SQL;
  from: (memberId: number) => SQL;
  render: (data: Data) => Omit<MemberTimelineItem, 'kind' | 'at'>;
}

const TOUCH_SOURCES: Readonly<Record<string, string>> = {
  app_launch: '打开小程序',
  app_show: '回到小程序',
  wecom_contact: '添加企业微信',
  wecom_group: '加入企微群',
  ai_call: 'AI 外呼',
  sms_send: '收到短信',
  sms_open: '打开短信链接',
  manual: '手工记录',
};

const MESSAGE_CHANNELS: Readonly<Record<string, string>> = { sms: '短信', wecom: '企业微信', subscribe: '订阅消息', inapp: '站内消息' };

const TAG_SOURCES: Readonly<Record<string, string>> = { manual: '员工添加', import: '批量导入', rule: '规则命中', channel: '渠道自动' };

const str = (value: unknown): string => (typeof value === 'string' ? value : value === null || value === undefined ? '' : String(value));
const num = (value: unknown): number => Number(value ?? 0);
const tierName = (code: unknown): string => {
  const parsed = tierCodeSchema.safeParse(code);
  return parsed.success ? TIER_NAMES[parsed.data] : str(code);
};

function orderStep(rank: number, column: string, title: string): Source {
  return {
    kind: 'order',
    rank,
    at: sql.raw(`o.${column}`),
    id: sql`o.id`,
    data: sql`json_build_object('id', o.id, 'orderNo', o.order_no, 'amountFen', o.payable_fen, 'status', o.status)`,
    from: (memberId) => sql`from orders o where o.member_id = ${memberId}`,
    render: (d) => ({ title, detail: `订单 ${str(d.orderNo)}`, ref: { type: 'order', id: num(d.id), orderNo: str(d.orderNo), amountFen: num(d.amountFen) } }),
  };
}

function refundStep(rank: number, status: 'succeeded' | 'rejected', at: string, title: string): Source {
  return {
    kind: 'refund',
    rank,
    at: sql.raw(at),
    id: sql`r.id`,
    data: sql`json_build_object('id', r.id, 'orderId', o.id, 'orderNo', o.order_no, 'amountFen', r.amount_fen, 'reason', r.reason)`,
    from: (memberId) => sql`from refunds r join orders o on o.id = r.order_id where o.member_id = ${memberId} and r.status = ${status}`,
    render: (d) => ({
      title,
      detail: `订单 ${str(d.orderNo)}${str(d.reason) ? ` · ${str(d.reason)}` : ''}`,
      ref: { type: 'refund', id: num(d.id), orderId: num(d.orderId), orderNo: str(d.orderNo), amountFen: num(d.amountFen) },
    }),
  };
}

function couponStep(rank: number, at: string, title: string, extra: string): Source {
  return {
    kind: 'coupon',
    rank,
    at: sql.raw(`mc.${at}`),
    id: sql`mc.id`,
    data: sql`json_build_object('id', mc.id, 'templateId', ct.id, 'name', ct.name, 'orderId', mc.used_order_id, 'discountFen', mc.discount_fen)`,
    from: (memberId) => sql`from member_coupons mc join coupon_templates ct on ct.id = mc.template_id where mc.member_id = ${memberId} ${sql.raw(extra)}`,
    render: (d) => ({
      title,
      detail: str(d.name),
      ref: {
        type: 'coupon',
        id: num(d.id),
        templateId: num(d.templateId),
        orderId: d.orderId === null ? null : num(d.orderId),
        discountFen: d.discountFen === null ? null : num(d.discountFen),
      },
    }),
  };
}

/** Ranks: a later step of the same instant sorts above an earlier one (paid above created). */
const SOURCES: readonly Source[] = [
  {
    kind: 'touch',
    rank: 1,
    at: sql`t.occurred_at`,
    id: sql`t.id`,
    data: sql`json_build_object('id', t.id, 'source', t.source, 'channelId', c.id, 'channelName', c.name)`,
    from: (memberId) => sql`from touches t left join channels c on c.id = t.channel_id where t.member_id = ${memberId}`,
    render: (d) => ({
      title: `触达 · ${TOUCH_SOURCES[str(d.source)] ?? str(d.source)}`,
      detail: d.channelName === null ? '自然流量' : `渠道 ${str(d.channelName)}`,
      ref: d.channelId === null ? null : { type: 'channel', id: num(d.channelId), name: str(d.channelName) },
    }),
  },
  orderStep(2, 'created_at', '下单'),
  orderStep(3, 'paid_at', '支付'),
  couponStep(4, 'used_at', '使用优惠券', `and mc.status = 'used'`),
  {
    kind: 'points',
    rank: 5,
    at: sql`p.created_at`,
    id: sql`p.id`,
    data: sql`json_build_object('id', p.id, 'delta', p.delta, 'kind', p.kind, 'reason', p.reason, 'orderId', p.order_id)`,
    from: (memberId) => sql`from points_entries p where p.member_id = ${memberId}`,
    render: (d) => ({
      title: num(d.delta) >= 0 ? `积分 +${num(d.delta)}` : `积分 −${-num(d.delta)}`,
      detail: str(d.reason),
      ref: { type: 'points', id: num(d.id), delta: num(d.delta), kind: str(d.kind), orderId: d.orderId === null ? null : num(d.orderId) },
    }),
  },
  {
    kind: 'tier',
    rank: 6,
    at: sql`h.created_at`,
    id: sql`h.id`,
    data: sql`json_build_object('id', h.id, 'from', h.from_tier, 'to', h.to_tier, 'reason', h.reason, 'growthValue', h.growth_value)`,
    from: (memberId) => sql`from member_tier_history h where h.member_id = ${memberId}`,
    render: (d) => ({
      title: `等级 ${tierName(d.from)} → ${tierName(d.to)}`,
      detail: `${str(d.reason)} · 成长值 ${num(d.growthValue)}`,
      ref: { type: 'tier', id: num(d.id), from: str(d.from), to: str(d.to) },
    }),
  },
  orderStep(7, 'completed_at', '订单完成'),
  orderStep(8, 'cancelled_at', '订单取消'),
  refundStep(9, 'rejected', 'r.updated_at', '退款被拒'),
  refundStep(10, 'succeeded', 'coalesce(r.completed_at, r.updated_at)', '退款成功'),
  couponStep(11, 'created_at', '领取优惠券', ''),
  {
    kind: 'tag',
    rank: 12,
    at: sql`mt.created_at`,
    id: sql`mt.tag_id`,
    data: sql`json_build_object('id', tg.id, 'name', tg.name, 'source', mt.source)`,
    from: (memberId) => sql`from member_tags mt join tags tg on tg.id = mt.tag_id where mt.member_id = ${memberId}`,
    render: (d) => ({
      title: `添加标签 ${str(d.name)}`,
      detail: TAG_SOURCES[str(d.source)] ?? str(d.source),
      ref: { type: 'tag', id: num(d.id), name: str(d.name) },
    }),
  },
  {
    kind: 'note',
    rank: 13,
    at: sql`n.created_at`,
    id: sql`n.id`,
    data: sql`json_build_object('id', n.id, 'body', n.body, 'staffId', s.id, 'staffName', s.display_name)`,
    from: (memberId) => sql`from member_notes n join staff s on s.id = n.staff_id where n.member_id = ${memberId}`,
    render: (d) => ({ title: '员工备注', detail: str(d.body), ref: { type: 'note', id: num(d.id), staff: { id: num(d.staffId), name: str(d.staffName) } } }),
  },
  {
    // Messages the journeys, campaigns and service notices sent (not the skipped or failed ones).
    kind: 'message',
    rank: 14,
    at: sql`mi.sent_at`,
    id: sql`mi.id`,
    data: sql`json_build_object('id', mi.id, 'channel', mi.channel, 'purpose', mi.purpose, 'status', mi.status,
      'journeyId', j.id, 'journeyName', j.name, 'campaignId', cp.id, 'campaignName', cp.name)`,
    from: (memberId) => sql`from message_intents mi left join journeys j on j.id = mi.journey_id left join campaigns cp on cp.id = mi.campaign_id
      where mi.member_id = ${memberId} and mi.status in ('sent', 'delivered')`,
    render: (d) => ({
      title: `消息 · ${MESSAGE_CHANNELS[str(d.channel)] ?? str(d.channel)}`,
      detail: [
        d.journeyName !== null
          ? `旅程 ${str(d.journeyName)}`
          : d.campaignName !== null
            ? `活动 ${str(d.campaignName)}`
            : str(d.purpose) === 'service'
              ? '服务通知'
              : '营销消息',
        ...(str(d.status) === 'delivered' ? ['已送达'] : []),
      ].join(' · '),
      ref: {
        type: 'message',
        id: num(d.id),
        channel: str(d.channel),
        journeyId: d.journeyId === null ? null : num(d.journeyId),
        campaignId: d.campaignId === null ? null : num(d.campaignId),
      },
    }),
  },
];

interface Cursor {
  atUs: number;
  rank: number;
  id: number;
}

/** Rows of one source strictly after the cursor in (time, rank, id) descending order. */
function beforeCursor(source: Source, cursor: Cursor | null): SQL {
  if (!cursor) return sql`true`;
  const at = sql`(timestamptz 'epoch' + ${cursor.atUs}::bigint * interval '1 microsecond')`;
  if (source.rank < cursor.rank) return sql`${source.at} <= ${at}`;
  if (source.rank > cursor.rank) return sql`${source.at} < ${at}`;
  return sql`(${source.at} < ${at} or (${source.at} = ${at} and ${source.id} < ${cursor.id}))`;
}

interface Row {
  rank: number;
  id: number;
  atUs: number;
  item: MemberTimelineItem;
}

export async function getMemberTimeline(
  sc: ServiceContext,
  memberId: number,
  query: { kinds?: MemberTimelineKind[] | undefined; cursor?: string | undefined; limit: number },
): Promise<{ items: MemberTimelineItem[]; nextCursor: string | null }> {
  if (!(await findMemberById(sc.db, memberId))) throw new AppError('MEMBER_NOT_FOUND');
  let cursor: Cursor | null = null;
  if (query.cursor) {
    const [atUs, rank, id] = decodeCursor(query.cursor, ['int8', 'int4', 'int8']);
    cursor = { atUs, rank, id };
  }
  const wanted = SOURCES.filter((source) => !query.kinds || query.kinds.includes(source.kind));
  const rows: Row[] = [];
  for (const source of wanted) {
    const found = await queryRows<{ id: string; at_us: string; data: string }>(
      sc.db,
      sql`select (${source.id})::text as id, ((extract(epoch from ${source.at}) * 1000000)::bigint)::text as at_us, (${source.data})::text as data
        ${source.from(memberId)} and ${source.at} is not null and ${beforeCursor(source, cursor)}
        order by ${source.at} desc, ${source.id} desc limit ${query.limit + 1}`,
    );
    for (const row of found) {
      const atUs = Number(row.at_us);
      const data = JSON.parse(row.data) as Data;
      rows.push({
        rank: source.rank,
        id: Number(row.id),
        atUs,
        item: { kind: source.kind, at: new Date(Math.floor(atUs / 1000)).toISOString(), ...source.render(data) },
      });
    }
  }
  rows.sort((a, b) => b.atUs - a.atUs || b.rank - a.rank || b.id - a.id);
  const page = rows.slice(0, query.limit);
  const last = page[page.length - 1];
  return { items: page.map((row) => row.item), nextCursor: rows.length > query.limit && last ? encodeCursor([last.atUs, last.rank, last.id]) : null };
}
