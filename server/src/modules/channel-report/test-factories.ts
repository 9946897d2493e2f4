import crypto from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { ChannelKind } from '@siyu/shared';
import type { Executor } from '../../db/client';
import { queryRows } from '../../lib/sql';
import { appendEvent } from '../events';

/*
 * Source rows of the channel report inserted directly, each with the domain event its real flow emits, so
 * the roll-up consumer sees what it would see in production. Instants are written as Asia/Shanghai times.
 */

/** The instant of `hh:mm` (default 10:00) on an Asia/Shanghai day. */
export const at = (day: string, time = '10:00:00.000') => new Date(`${day}T${time}+08:00`);

/** The Asia/Shanghai day `offset` days from `day`. */
export function addDays(day: string, offset: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + offset * 86_400_000).toISOString().slice(0, 10);
}

async function one<T>(db: Executor, query: ReturnType<typeof sql>): Promise<T> {
  const [row] = await queryRows<T>(db, query);
  if (!row) throw new Error('insert returned nothing');
  return row;
}

export interface ChannelInput {
  kind?: ChannelKind;
  name?: string;
  startsOn?: string | null;
  endsOn?: string | null;
  fixedCostFen?: number;
  unitCostMilliFen?: number;
  plannedReach?: number;
  plannedConversionBp?: number;
  plannedOrdersPerMemberX100?: number;
  plannedAovFen?: number;
  status?: 'active' | 'archived';
}

export async function insertChannel(db: Executor, input: ChannelInput = {}): Promise<number> {
  const row = await one<{ id: number }>(
    db,
    sql`insert into channels (kind, name, status, starts_on, ends_on, fixed_cost_fen, unit_cost_milli_fen, planned_reach, planned_conversion_bp,
      planned_orders_per_member_x100, planned_aov_fen)
    values (${input.kind ?? 'package_card'}, ${input.name ?? `渠道${crypto.randomBytes(3).toString('hex')}`}, ${input.status ?? 'active'},
      ${input.startsOn ?? null}::date, ${input.endsOn ?? null}::date, ${input.fixedCostFen ?? 0}, ${input.unitCostMilliFen ?? 0},
      ${input.plannedReach ?? 0}, ${input.plannedConversionBp ?? 0}, ${input.plannedOrdersPerMemberX100 ?? 100}, ${input.plannedAovFen ?? 0})
    returning id`,
  );
  return Number(row.id);
}

/** A member registered at `registeredAt`, acquired by `channelId` (null: none), with its events. */
export async function insertMember(db: Executor, registeredAt: Date, channelId: number | null): Promise<number> {
  const openid = `ochrep${crypto.randomBytes(10).toString('hex')}`;
  const iso = registeredAt.toISOString();
  const { id } = await one<{ id: number }>(
    db,
    sql`insert into members (openid, nickname, created_at) values (${openid}, ${openid.slice(-6)}, ${iso}::timestamptz) returning id`,
  );
  await db.execute(sql`insert into member_attribution (member_id, registered_at, channel_id) values (${id}, ${iso}::timestamptz, ${channelId})`);
  await appendEvent(db, { type: 'member.registered', occurredAt: registeredAt, memberId: id, payload: { registeredAt: iso, deviceId: null } });
  await appendEvent(db, { type: 'member.attributed', occurredAt: registeredAt, memberId: id, payload: { channelId, codeId: null, firstTouchId: null } });
  return Number(id);
}

export interface OrderInput {
  memberId: number;
  paidAt: Date | null;
  payableFen: number;
  firstChannelId: number | null;
  lastChannelId: number | null;
}

/** An order (paid at `paidAt`, or left unpaid when null) with its attribution, and its order.paid event. */
export async function insertOrder(db: Executor, input: OrderInput): Promise<number> {
  const orderNo = `R${crypto.randomBytes(8).toString('hex')}`;
  const paidAt = input.paidAt?.toISOString() ?? null;
  const created = (input.paidAt ?? new Date()).toISOString();
  const { id } = await one<{ id: number }>(
    db,
    sql`insert into orders (order_no, member_id, status, goods_subtotal_fen, discount_fen, shipping_fen, payable_fen, address, idempotency_key,
      request_hash, payment_expires_at, paid_at, first_channel_id, last_channel_id, created_at)
    values (${orderNo}, ${input.memberId}, ${paidAt ? 'paid' : 'pending_payment'}, ${input.payableFen}, 0, 0, ${input.payableFen}, '{}'::jsonb,
      ${orderNo}, 'h', ${created}::timestamptz, ${paidAt}::timestamptz, ${input.firstChannelId}, ${input.lastChannelId}, ${created}::timestamptz)
    returning id`,
  );
  if (input.paidAt && paidAt) {
    await appendEvent(db, {
      type: 'order.paid',
      occurredAt: input.paidAt,
      memberId: input.memberId,
      orderId: Number(id),
      payload: { paidFen: input.payableFen, paidAt },
    });
  }
  return Number(id);
}

/** A refund of `amountFen` that succeeded at `succeededAt` (status other than succeeded: no event). */
export async function insertRefund(db: Executor, orderId: number, amountFen: number, succeededAt: Date, status = 'succeeded'): Promise<number> {
  const iso = succeededAt.toISOString();
  const { id } = await one<{ id: number }>(
    db,
    sql`insert into refunds (order_id, out_refund_no, status, lines, amount_fen, reason, order_status_before, completed_at, created_at, updated_at)
    values (${orderId}, ${`RF${crypto.randomBytes(8).toString('hex')}`}, ${status}, '[]'::jsonb, ${amountFen}, '测试', 'paid', ${iso}::timestamptz,
      ${iso}::timestamptz, ${iso}::timestamptz)
    returning id`,
  );
  if (status === 'succeeded') {
    await db.execute(sql`update orders set refunded_fen = refunded_fen + ${amountFen} where id = ${orderId}`);
    await appendEvent(db, {
      type: 'refund.succeeded',
      occurredAt: succeededAt,
      orderId,
      payload: { refundId: Number(id), amountFen, succeededAt: iso },
    });
  }
  return Number(id);
}

/** Touches of a channel (status matched unless told), one touches.recorded event for them. */
export async function insertTouches(db: Executor, channelId: number | null, instants: Date[], status = 'matched'): Promise<void> {
  const ids: number[] = [];
  for (const instant of instants) {
    const row = await one<{ id: string }>(
      db,
      sql`insert into touches (occurred_at, source, status, channel_id, scene) values (${instant.toISOString()}::timestamptz, 'app_launch',
        ${status}, ${channelId}, 'c=test01') returning id::text as id`,
    );
    ids.push(Number(row.id));
  }
  await appendEvent(db, { type: 'touches.recorded', occurredAt: instants[0] ?? new Date(), payload: { touchIds: ids } });
}

/** A reach row (manual) of `quantity` on an instant. */
export async function insertReach(db: Executor, channelId: number, quantity: number, occurredAt: Date): Promise<void> {
  await db.execute(
    sql`insert into channel_reach (channel_id, source, quantity, occurred_at, dedupe_key)
    values (${channelId}, 'manual', ${quantity}, ${occurredAt.toISOString()}::timestamptz, ${`test:${crypto.randomUUID()}`})`,
  );
}
