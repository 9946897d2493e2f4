import { sql } from 'drizzle-orm';
import { TIER_CODES, type TierCode } from '@siyu/shared';
import type { Executor } from '../../db/client';
import { queryRows } from '../../lib/sql';
import type { EventConsumer } from '../events/consumers';
import { appendEvents } from '../events/outbox';
import type { DomainEvent } from '../events/types';
import { activeVersionsFor, enrollMembers, type ActiveJourneyVersion, type EnrollRow } from './enroll';

type TriggerEvent = 'member.registered' | 'order.paid' | 'order.first_paid' | 'order.completed' | 'member.tier_changed' | 'member.lifecycle_changed';

const idArray = (ids: number[]) => `{${[...new Set(ids)].join(',')}}`;

/**
 * Goal exits: members who paid an order leave the active/waiting enrollments of journeys whose version has
 * a goal, when the payment falls within `withinDays` of their entry (status 'goal', journey.exited each).
 */
export async function exitOnGoal(db: Executor, payments: { memberId: number; paidAt: Date }[], now: Date): Promise<number> {
  if (payments.length === 0) return 0;
  const nowIso = now.toISOString();
  const rows = await queryRows<{ id: string; journey_id: number; member_id: number }>(
    db,
    sql`update journey_enrollments e set status = 'goal', exit_reason = 'goal', step_id = null, next_run_at = null,
          ended_at = ${nowIso}::timestamptz, updated_at = ${nowIso}::timestamptz
        from journey_versions v, jsonb_to_recordset(${JSON.stringify(payments.map((p) => ({ member_id: p.memberId, paid_at: p.paidAt.toISOString() })))}::jsonb)
          as x(member_id int, paid_at timestamptz)
        where v.id = e.version_id and e.member_id = x.member_id and e.status in ('active','waiting')
          and jsonb_typeof(v.definition -> 'goal') = 'object'
          and x.paid_at >= e.entered_at
          and x.paid_at <= e.entered_at + make_interval(days => (v.definition -> 'goal' ->> 'withinDays')::int)
        returning e.id::text, e.journey_id, e.member_id`,
  );
  await appendEvents(
    db,
    rows.map((row) => ({
      type: 'journey.exited' as const,
      occurredAt: now,
      memberId: Number(row.member_id),
      payload: { journeyId: Number(row.journey_id), enrollmentId: Number(row.id), status: 'goal', reason: 'goal' },
    })),
  );
  return rows.length;
}

/** The orders among `orderIds` that are their member's first paid order. */
async function firstPaidOrders(db: Executor, orderIds: number[]): Promise<Set<number>> {
  if (orderIds.length === 0) return new Set();
  const rows = await queryRows<{ id: number }>(
    db,
    sql`select o.id from orders o
        where o.id = any(${idArray(orderIds)}::int[]) and o.paid_at is not null
          and not exists (select 1 from orders p where p.member_id = o.member_id and p.id <> o.id and p.paid_at is not null
                          and (p.paid_at < o.paid_at or (p.paid_at = o.paid_at and p.id < o.id)))`,
  );
  return new Set(rows.map((row) => Number(row.id)));
}

const tierRank = (tier: string) => TIER_CODES.indexOf(tier as TierCode);

/** The enroll rows of one journey from the batch's events (its trigger's event and narrowing). */
function rowsForJourney(journey: ActiveJourneyVersion, events: DomainEvent[], firstPaid: Set<number>): EnrollRow[] {
  const trigger = journey.definition.trigger;
  if (trigger.type !== 'event') return [];
  const wanted = trigger.event as TriggerEvent;
  const rows: EnrollRow[] = [];
  for (const event of events) {
    if (event.memberId === null) continue;
    // Events from before the journey went live start nothing (the consumer may read a long backlog).
    if (journey.liveSince && event.occurredAt < journey.liveSince) continue;
    const occurrence = `event:${event.id}`;
    if (wanted === 'member.registered' && event.type === 'member.registered') rows.push({ memberId: event.memberId, occurrence: 'registered', context: {} });
    else if ((wanted === 'order.paid' || wanted === 'order.first_paid') && event.type === 'order.paid' && event.orderId !== null) {
      if (wanted === 'order.first_paid' && !firstPaid.has(event.orderId)) continue;
      rows.push({ memberId: event.memberId, occurrence, context: { orderId: event.orderId } });
    } else if (wanted === 'order.completed' && event.type === 'order.completed' && event.orderId !== null)
      rows.push({ memberId: event.memberId, occurrence, context: { orderId: event.orderId } });
    else if (wanted === 'member.tier_changed' && event.type === 'member.tier_changed') {
      const payload = event.payload as DomainEvent<'member.tier_changed'>['payload'];
      const direction = tierRank(payload.toTier) > tierRank(payload.fromTier) ? 'up' : tierRank(payload.toTier) < tierRank(payload.fromTier) ? 'down' : null;
      if (trigger.direction && trigger.direction !== direction) continue;
      if ((trigger.toTier ?? trigger.toStage) && (trigger.toTier ?? trigger.toStage) !== payload.toTier) continue;
      rows.push({ memberId: event.memberId, occurrence, context: { fromTier: payload.fromTier, toTier: payload.toTier, direction } });
    } else if (wanted === 'member.lifecycle_changed' && event.type === 'member.lifecycle_changed') {
      const payload = event.payload as DomainEvent<'member.lifecycle_changed'>['payload'];
      if (trigger.toStage && trigger.toStage !== payload.to) continue;
      rows.push({ memberId: event.memberId, occurrence, context: { fromStage: payload.from, toStage: payload.to } });
    }
  }
  return rows;
}

/**
 * The journeys' outbox consumer: goal exits on order.paid first (a payment ends the journeys it counts for
 * before it can start new ones), then enrollments into the active journeys whose trigger is one of the
 * batch's events (occurrence `event:<id>`, 'registered' for sign-up).
 */
export const journeysConsumer: EventConsumer = {
  name: 'journeys',
  types: ['member.registered', 'order.paid', 'order.completed', 'member.tier_changed', 'member.lifecycle_changed'],
  async handle(db, events, { now }) {
    const payments = events
      .filter((event) => event.type === 'order.paid' && event.memberId !== null)
      .map((event) => ({ memberId: event.memberId!, paidAt: new Date((event.payload as { paidAt?: string }).paidAt ?? event.occurredAt) }));
    await exitOnGoal(db, payments, now);
    const journeys = await activeVersionsFor(db, 'event');
    if (journeys.length === 0) return;
    const needsFirst = journeys.some((j) => j.definition.trigger.type === 'event' && j.definition.trigger.event === 'order.first_paid');
    const firstPaid = needsFirst
      ? await firstPaidOrders(
          db,
          events.filter((e) => e.type === 'order.paid' && e.orderId !== null).map((e) => e.orderId!),
        )
      : new Set<number>();
    for (const journey of journeys) {
      const rows = rowsForJourney(journey, events, firstPaid);
      if (rows.length > 0) await enrollMembers(db, journey, rows, now);
    }
  },
};
