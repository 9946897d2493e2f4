import { sql } from 'drizzle-orm';
import {
  monthOf,
  PRODUCT_ROLES,
  PROMOTION_KINDS,
  rangeInstants,
  TIER_CODES,
  TIER_NAMES,
  type Fen,
  type MembersReport,
  type ProductRole,
  type ProductsReport,
  type PromotionKind,
  type PromotionRow,
  type PromotionsReport,
  type ReportRangeQuery,
  type StaffReport,
  type TierCode,
} from '@siyu/shared';
import type { Executor } from '../../db/client';
import { queryRows } from '../../lib/sql';
import { experimentReport } from '../experiments/report';
import { pointsLiability } from '../points/queries';

/*
 * The promotions, members, products and staff reports of 数据看板 (issue 16). They read the roll-ups
 * (stats_promotion_daily / stats_order_promotions, stats_orders, stats_member_days, stats_lifecycle_changes,
 * stats_product_daily / stats_order_lines) and small dimension tables (names, tiers, budgets, WeCom owners);
 * never orders. Definitions: docs/metrics.md.
 */

/** A bigint/numeric column as the drivers hand it (string or number) → number. */
const num = (value: unknown): number => (value === null || value === undefined ? 0 : Number(value));
const fen = (value: unknown): Fen => num(value) as Fen;

/** part / whole as a JSON rate with 4 decimals (0 when whole is 0). */
function rate(part: number, whole: number): number {
  return whole > 0 ? Math.round((part / whole) * 10_000) / 10_000 : 0;
}

const inRange = (column: string, range: ReportRangeQuery) => sql`${sql.raw(column)} between ${range.from}::date and ${range.to}::date`;

// ── Promotions ──────────────────────────────────────────────────────────────────────────────────────────

const isPromotionKind = (kind: string): kind is PromotionKind => (PROMOTION_KINDS as readonly string[]).includes(kind);

/** Names of the promotions of each kind (a deleted one: "#id"). */
async function promotionNames(db: Executor, ids: Record<PromotionKind, number[]>): Promise<Map<string, { name: string; budgetFen: Fen | null }>> {
  const names = new Map<string, { name: string; budgetFen: Fen | null }>();
  const list = (values: number[]) =>
    sql.join(
      values.map((id) => sql`${id}`),
      sql`, `,
    );
  const load = async (kind: PromotionKind, query: (idList: ReturnType<typeof list>) => ReturnType<typeof sql>) => {
    if (ids[kind].length === 0) return;
    for (const row of await queryRows<{ id: number; name: string; budget_fen: string | null }>(db, query(list(ids[kind]))))
      names.set(`${kind}:${Number(row.id)}`, { name: row.name, budgetFen: row.budget_fen === null ? null : fen(row.budget_fen) });
  };
  await load('coupon', (idList) => sql`select id, name, budget_fen::text as budget_fen from coupon_templates where id in (${idList})`);
  await load('store_promotion', (idList) => sql`select id, name, null as budget_fen from store_promotions where id in (${idList})`);
  await load(
    'promo_code',
    (idList) => sql`select c.id, c.code || coalesce('（' || s.title || '）', '') as name, null as budget_fen
      from promo_codes c left join live_sessions s on s.id = c.session_id where c.id in (${idList})`,
  );
  await load('flash_sale', (idList) => sql`select id, title as name, null as budget_fen from flash_sales where id in (${idList})`);
  return names;
}

/**
 * Incremental GMV against a holdout of the coupon templates dropped by campaigns with an experiment that holds
 * out (the experiment report's lift: treated arms' GMV per member over the holdout's × their entrants).
 */
async function couponIncrementalGmv(db: Executor, templateIds: number[]): Promise<Map<number, Fen>> {
  const result = new Map<number, Fen>();
  if (templateIds.length === 0) return result;
  const rows = await queryRows<{ coupon_id: number; experiment_id: number }>(
    db,
    sql`select distinct c.coupon_id, c.experiment_id from campaigns c join experiments e on e.id = c.experiment_id
      where e.holdout_bp > 0 and c.coupon_id in (${sql.join(
        templateIds.map((id) => sql`${id}`),
        sql`, `,
      )})`,
  );
  for (const row of rows) {
    const report = await experimentReport(db, Number(row.experiment_id));
    const lifts = report.arms.map((arm) => arm.liftVsHoldout?.incrementalGmvFen).filter((value): value is number => value !== undefined && value !== null);
    if (lifts.length === 0) continue;
    const templateId = Number(row.coupon_id);
    result.set(templateId, ((result.get(templateId) ?? 0) + lifts.reduce((sum, value) => sum + value, 0)) as Fen);
  }
  return result;
}

export async function promotionsReport(db: Executor, range: ReportRangeQuery): Promise<PromotionsReport> {
  const figures = await queryRows<{ kind: string; promotion_id: number; orders: string; gmv: string; discount: string }>(
    db,
    sql`select kind, promotion_id, sum(orders)::bigint as orders, sum(gmv_fen)::bigint as gmv, sum(discount_fen)::bigint as discount
      from stats_promotion_daily where ${inRange('day', range)} group by kind, promotion_id`,
  );
  const buyers = await queryRows<{ kind: string; promotion_id: number; buyers: number }>(
    db,
    sql`select kind, promotion_id, count(distinct member_id)::int as buyers
      from stats_order_promotions where ${inRange('paid_day', range)} group by kind, promotion_id`,
  );
  const { start, end } = rangeInstants(range.from, range.to);
  const claimed = await queryRows<{ template_id: number; claimed: number }>(
    db,
    sql`select template_id, count(*)::int as claimed from member_coupons
      where created_at >= ${start.toISOString()}::timestamptz and created_at < ${end.toISOString()}::timestamptz group by template_id`,
  );
  const rows = new Map<string, PromotionRow>();
  const rowOf = (kind: PromotionKind, promotionId: number): PromotionRow => {
    const key = `${kind}:${promotionId}`;
    let row = rows.get(key);
    if (!row) {
      row = {
        kind,
        promotionId,
        name: '',
        claimed: kind === 'coupon' ? 0 : null,
        orders: 0,
        buyers: 0,
        gmvFen: 0 as Fen,
        discountFen: 0 as Fen,
        budgetFen: null,
        incrementalGmvFen: null,
      };
      rows.set(key, row);
    }
    return row;
  };
  for (const figure of figures) {
    if (!isPromotionKind(figure.kind)) continue;
    const row = rowOf(figure.kind, Number(figure.promotion_id));
    row.orders = num(figure.orders);
    row.gmvFen = fen(figure.gmv);
    row.discountFen = fen(figure.discount);
  }
  for (const buyer of buyers) if (isPromotionKind(buyer.kind)) rowOf(buyer.kind, Number(buyer.promotion_id)).buyers = num(buyer.buyers);
  for (const claim of claimed) rowOf('coupon', Number(claim.template_id)).claimed = num(claim.claimed);

  const ids: Record<PromotionKind, number[]> = { coupon: [], store_promotion: [], promo_code: [], flash_sale: [] };
  for (const row of rows.values()) ids[row.kind].push(row.promotionId);
  const names = await promotionNames(db, ids);
  const incremental = await couponIncrementalGmv(db, ids.coupon);
  for (const row of rows.values()) {
    const known = names.get(`${row.kind}:${row.promotionId}`);
    row.name = known?.name ?? `#${row.promotionId}`;
    row.budgetFen = known?.budgetFen ?? null;
    if (row.kind === 'coupon') row.incrementalGmvFen = incremental.get(row.promotionId) ?? null;
  }

  const sessions = await queryRows<{ id: number; title: string | null; orders: string; buyers: number; gmv: string; code_uses: string }>(
    db,
    sql`
    with sold as (
      select live_session_id as id, count(*)::bigint as orders, count(distinct member_id)::int as buyers, sum(paid_fen)::bigint as gmv
      from stats_orders where live_session_id is not null and ${inRange('paid_day', range)} group by live_session_id
    ), live as (
      select id from live_sessions where starts_at < ${end.toISOString()}::timestamptz and ends_at >= ${start.toISOString()}::timestamptz
      union select id from sold
    )
    select l.id, s.title, coalesce(sold.orders, 0) as orders, coalesce(sold.buyers, 0) as buyers, coalesce(sold.gmv, 0) as gmv,
      coalesce((select sum(u.count) from promo_codes c join promo_code_member_uses u on u.code_id = c.id where c.session_id = l.id), 0)::bigint as code_uses
    from live l left join sold on sold.id = l.id left join live_sessions s on s.id = l.id
    order by coalesce(sold.gmv, 0) desc, l.id`,
  );
  return {
    from: range.from,
    to: range.to,
    rows: [...rows.values()].sort((a, b) => b.gmvFen - a.gmvFen || a.kind.localeCompare(b.kind) || a.promotionId - b.promotionId),
    liveSessions: sessions.map((row) => ({
      liveSessionId: Number(row.id),
      name: row.title ?? `直播 #${row.id}`,
      orders: num(row.orders),
      buyers: num(row.buyers),
      gmvFen: fen(row.gmv),
      codeUses: num(row.code_uses),
    })),
  };
}

// ── Members ─────────────────────────────────────────────────────────────────────────────────────────────

export async function membersReport(db: Executor, range: ReportRangeQuery, now: Date): Promise<MembersReport> {
  const tierRows = await queryRows<{ tier: string; name: string | null; members: number; gmv: string }>(
    db,
    sql`
    with counts as (select tier_code, count(*)::int as members from members group by tier_code),
    gmv as (
      select m.tier_code, sum(d.paid_fen)::bigint as gmv from stats_member_days d join members m on m.id = d.member_id
      where ${inRange('d.day', range)} group by m.tier_code
    )
    select coalesce(c.tier_code, g.tier_code) as tier, t.name, coalesce(c.members, 0) as members, coalesce(g.gmv, 0) as gmv
    from counts c full join gmv g on g.tier_code = c.tier_code left join tiers t on t.code = coalesce(c.tier_code, g.tier_code)`,
  );
  const byTier = new Map(tierRows.map((row) => [row.tier, row]));
  const totalGmv = tierRows.reduce((sum, row) => sum + num(row.gmv), 0);
  const tiers = TIER_CODES.map((code: TierCode) => {
    const row = byTier.get(code);
    const gmv = num(row?.gmv);
    return { tier: code, tierName: row?.name ?? TIER_NAMES[code], members: num(row?.members), gmvFen: gmv as Fen, gmvShare: rate(gmv, totalGmv) };
  });
  const flows = await queryRows<{ month: string; from_stage: string; to_stage: string; members: number }>(
    db,
    sql`select month::text as month, from_stage, to_stage, count(distinct member_id)::int as members from stats_lifecycle_changes
      where month between ${monthOf(range.from)}::date and ${monthOf(range.to)}::date
      group by month, from_stage, to_stage order by month, from_stage, to_stage`,
  );
  const liability = await pointsLiability(db, now);
  return {
    from: range.from,
    to: range.to,
    tiers,
    lifecycleFlows: flows.map((row) => ({ month: row.month, from: row.from_stage, to: row.to_stage, members: num(row.members) })),
    pointsLiability: { points: liability.outstandingPoints, valueFen: liability.outstandingValueFen as Fen },
  };
}

// ── Products ────────────────────────────────────────────────────────────────────────────────────────────

const isRole = (role: string): role is ProductRole => (PRODUCT_ROLES as readonly string[]).includes(role);

export async function productsReport(db: Executor, range: ReportRangeQuery): Promise<ProductsReport> {
  const rows = await queryRows<{
    product_id: number;
    title: string | null;
    role: string;
    orders: string;
    quantity: string;
    sales: string;
    refunded: string;
    cost: string;
  }>(
    db,
    sql`
    with sold as (
      select product_id, min(role) as role, sum(orders)::bigint as orders, sum(quantity)::bigint as quantity, sum(paid_fen)::bigint as sales,
        sum(refunded_fen)::bigint as refunded, sum(cost_fen)::bigint as cost
      from stats_product_daily where ${inRange('day', range)} group by product_id
    )
    select s.product_id, p.title, coalesce(p.role, s.role) as role, s.orders, s.quantity, s.sales, s.refunded, s.cost
    from sold s left join products p on p.id = s.product_id
    order by s.sales desc, s.product_id`,
  );
  const products = rows.map((row) => {
    const sales = num(row.sales);
    const net = sales - num(row.refunded);
    // Every line has a cost: skus.cost_price_fen is required and order lines keep their SKU (foreign key), so the
    // contract's null margin (a SKU without a cost price) cannot occur; stats_order_lines.cost_fen is null only for a
    // line whose SKU row is gone, counted as cost 0 by stats_product_daily.
    const margin: number | null = net - num(row.cost);
    return {
      productId: Number(row.product_id),
      title: row.title ?? `商品 #${row.product_id}`,
      role: (isRole(row.role) ? row.role : 'profit') as ProductRole,
      orders: num(row.orders),
      quantity: num(row.quantity),
      salesFen: sales as Fen,
      refundedFen: fen(row.refunded),
      marginFen: margin === null ? null : (margin as Fen),
      marginRate: margin === null || net <= 0 ? null : Math.round((margin / net) * 10_000) / 10_000,
    };
  });
  const totalSales = products.reduce((sum, product) => sum + product.salesFen, 0);
  const roles = PRODUCT_ROLES.map((role) => {
    const ofRole = products.filter((product) => product.role === role);
    const sales = ofRole.reduce((sum, product) => sum + product.salesFen, 0);
    const margin = ofRole.some((product) => product.marginFen === null) ? null : ofRole.reduce((sum, product) => sum + (product.marginFen ?? 0), 0);
    return { role, salesFen: sales as Fen, marginFen: margin === null ? null : (margin as Fen), salesShare: rate(sales, totalSales) };
  });
  return { from: range.from, to: range.to, products, roles };
}

// ── Staff ───────────────────────────────────────────────────────────────────────────────────────────────

/**
 * Per staff member with a WeCom userid: the members whose WeCom owner (the follow user of their latest live
 * contact, as staff tasks assign them) they are, and those members' paid orders in the range.
 */
export async function staffReport(db: Executor, range: ReportRangeQuery): Promise<StaffReport> {
  const rows = await queryRows<{ staff_id: number; display_name: string; members: number; paying: number; gmv: string }>(
    db,
    sql`
    with owner as (
      select distinct on (c.member_id) c.member_id, c.follow_user_id
      from wecom_contacts c where c.member_id is not null and c.deleted_at is null and c.follow_user_id is not null
      order by c.member_id, c.added_at desc
    ), owned as (
      select s.id as staff_id, o.member_id from staff s join owner o on o.follow_user_id = s.wecom_user_id
    ), paid as (
      select d.member_id, sum(d.paid_fen)::bigint as gmv from stats_member_days d join owned w on w.member_id = d.member_id
      where ${inRange('d.day', range)} and d.paid_orders > 0 group by d.member_id
    )
    select s.id as staff_id, s.display_name, count(w.member_id)::int as members, count(p.member_id)::int as paying, coalesce(sum(p.gmv), 0)::bigint as gmv
    from staff s left join owned w on w.staff_id = s.id left join paid p on p.member_id = w.member_id
    where s.wecom_user_id is not null and not s.is_disabled
    group by s.id, s.display_name
    order by coalesce(sum(p.gmv), 0) desc, s.id`,
  );
  return {
    from: range.from,
    to: range.to,
    staff: rows.map((row) => ({
      staffId: Number(row.staff_id),
      displayName: row.display_name,
      members: num(row.members),
      payingMembers: num(row.paying),
      gmvFen: fen(row.gmv),
    })),
  };
}
