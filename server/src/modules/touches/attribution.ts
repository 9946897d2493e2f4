import { sql, type SQL } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import { queryRows } from '../../lib/sql';
// From the files, not the index: the events registry imports this module (no import cycle).
import type { EventConsumer } from '../events/consumers';
import { appendEvent } from '../events/outbox';
import type { DomainEvent } from '../events/types';
import { loadChannelSettings } from './repo';

/**
 * A member's touches: stamped with the member, or anonymous (no member stamped) and carrying one of the
 * member's devices, the member's phone hash or unionid. A touch stamped with another member is never
 * claimed through a shared device, phone or unionid (member isolation).
 */
function memberTouches(memberId: number): SQL {
  const columns = sql.raw('t.id, t.occurred_at, t.channel_id, t.code_id, t.status');
  return sql`(
    select ${columns} from touches t where t.member_id = ${memberId}
    union all
    select ${columns} from devices d join touches t on t.device_id = d.device_id
      where d.member_id = ${memberId} and t.member_id is null
    union all
    select ${columns} from members m join touches t on t.phone_hash = m.phone_hash
      where m.id = ${memberId} and t.member_id is null
    union all
    select ${columns} from members m join touches t on t.unionid = m.unionid
      where m.id = ${memberId} and t.member_id is null
  )`;
}

interface TouchPick {
  id: string;
  channel_id: number | null;
  code_id: number | null;
  occurred_at: string | Date;
}

/** The member's first matched touch at or before `until` (ties: the lower id). */
async function firstMatchedTouch(db: Executor, memberId: number, until: Date): Promise<TouchPick | undefined> {
  const [row] = await queryRows<TouchPick>(
    db,
    sql`select id::text, channel_id, code_id, occurred_at from ${memberTouches(memberId)} mt
      where status = 'matched' and occurred_at <= ${until.toISOString()}::timestamptz
      order by occurred_at, id limit 1`,
  );
  return row;
}

export interface MemberAttribution {
  channelId: number | null;
  codeId: number | null;
  firstTouchId: number | null;
}

interface AttributionRow {
  registered_at: string | Date;
  first_touch_id: string | null;
}

/**
 * Sets (or corrects) the member's acquisition: the first matched touch, of any source, at or before
 * registration. Call it when earlier touches may have surfaced (a device linked, a phone bound, a WeCom add,
 * touches written late). Creates the row on first use (registered = the member's creation), locks it, and
 * emits `member.attributed` when the row is new or its answer changed. Idempotent.
 */
export async function recomputeMemberAttribution(db: Executor, memberId: number, now: Date = new Date()): Promise<MemberAttribution & { isChanged: boolean }> {
  const inserted = await queryRows<{ member_id: number }>(
    db,
    sql`insert into member_attribution (member_id, registered_at) select id, created_at from members where id = ${memberId}
      on conflict (member_id) do nothing returning member_id`,
  );
  const [current] = await queryRows<AttributionRow>(
    db,
    sql`select registered_at, first_touch_id::text from member_attribution where member_id = ${memberId} for update`,
  );
  if (!current) return { channelId: null, codeId: null, firstTouchId: null, isChanged: false };
  const first = await firstMatchedTouch(db, memberId, new Date(current.registered_at));
  const next: MemberAttribution = {
    channelId: first?.channel_id ?? null,
    codeId: first?.code_id ?? null,
    firstTouchId: first ? Number(first.id) : null,
  };
  const isMoved = (current.first_touch_id === null ? null : Number(current.first_touch_id)) !== next.firstTouchId;
  if (isMoved) {
    const touchedAt = first ? new Date(first.occurred_at).toISOString() : null;
    await db.execute(sql`update member_attribution set first_touch_id = ${next.firstTouchId}, channel_id = ${next.channelId},
      code_id = ${next.codeId}, touched_at = ${touchedAt}::timestamptz, updated_at = ${now.toISOString()}::timestamptz
      where member_id = ${memberId}`);
  }
  const isChanged = inserted.length > 0 || isMoved;
  if (isChanged) await appendEvent(db, { type: 'member.attributed', occurredAt: now, memberId, payload: next });
  return { ...next, isChanged };
}

/**
 * At login: links the device to the member (the first member wins; idempotent) and returns whether this
 * login linked it now.
 */
export async function linkDevice(db: Executor, deviceId: string, memberId: number, now: Date): Promise<boolean> {
  const rows = await queryRows<{ device_id: string }>(
    db,
    sql`insert into devices (device_id, member_id, first_seen_at, linked_at) values (${deviceId}, ${memberId}, ${now.toISOString()}::timestamptz, ${now.toISOString()}::timestamptz)
      on conflict (device_id) do update set member_id = excluded.member_id, linked_at = excluded.linked_at
        where devices.member_id is null
      returning device_id`,
  );
  return rows.length > 0;
}

/**
 * The login's part of attribution, inside the login transaction: link the device, and for a new member
 * write the acquisition and emit `member.registered`; an existing member whose login linked a new device
 * is recomputed (that device's earlier touches may predate the registration).
 */
export async function attributeLogin(db: Executor, input: { memberId: number; isNew: boolean; deviceId: string | null; now: Date }): Promise<void> {
  const isLinked = input.deviceId ? await linkDevice(db, input.deviceId, input.memberId, input.now) : false;
  if (input.isNew) {
    await appendEvent(db, {
      type: 'member.registered',
      occurredAt: input.now,
      memberId: input.memberId,
      payload: { registeredAt: input.now.toISOString(), deviceId: input.deviceId },
    });
  }
  if (input.isNew || isLinked) await recomputeMemberAttribution(db, input.memberId, input.now);
}

export interface OrderAttribution {
  firstChannelId: number | null;
  lastChannelId: number | null;
  lastCodeId: number | null;
  lastTouchId: number | null;
}

/**
 * An order's attribution at its creation (`at`): the member's acquisition channel (first touch), and the
 * latest matched touch with at − window ≤ occurredAt ≤ at (the window from the store's settings).
 */
export async function orderAttributionAt(db: Executor, memberId: number, at: Date): Promise<OrderAttribution> {
  const { attributionWindowDays } = await loadChannelSettings(db);
  const from = new Date(at.getTime() - attributionWindowDays * 86_400_000);
  const [last] = await queryRows<TouchPick>(
    db,
    sql`select id::text, channel_id, code_id, occurred_at from ${memberTouches(memberId)} mt
      where status = 'matched' and occurred_at between ${from.toISOString()}::timestamptz and ${at.toISOString()}::timestamptz
      order by occurred_at desc, id desc limit 1`,
  );
  const [first] = await queryRows<{ channel_id: number | null }>(db, sql`select channel_id from member_attribution where member_id = ${memberId}`);
  return {
    firstChannelId: first?.channel_id ?? null,
    lastChannelId: last?.channel_id ?? null,
    lastCodeId: last?.code_id ?? null,
    lastTouchId: last ? Number(last.id) : null,
  };
}

/** Members whose acquisition a batch of new touches may change: matched touches at or before their registration. */
async function membersTouchedBeforeRegistration(db: Executor, touchIds: number[]): Promise<number[]> {
  if (touchIds.length === 0) return [];
  const ids = `{${touchIds.map((id) => Math.trunc(id)).join(',')}}`;
  const rows = await queryRows<{ member_id: number }>(
    db,
    sql`with t as (select * from touches where id = any(${ids}::bigint[]) and status = 'matched'),
      owners as (
        select t.member_id, t.occurred_at from t where t.member_id is not null
        union all select d.member_id, t.occurred_at from t join devices d on d.device_id = t.device_id where t.member_id is null and d.member_id is not null
        union all select m.id, t.occurred_at from t join members m on m.phone_hash = t.phone_hash where t.member_id is null
        union all select m.id, t.occurred_at from t join members m on m.unionid = t.unionid where t.member_id is null)
      select distinct o.member_id from owners o join member_attribution ma on ma.member_id = o.member_id
      where o.occurred_at <= ma.registered_at order by o.member_id`,
  );
  return rows.map((row) => Number(row.member_id));
}

/**
 * The attribution consumer: touches written after their member registered (a late group commit, an import,
 * a WeCom add) and registrations (whose login may have raced touches still being written) recompute the
 * member's acquisition. Recomputing is idempotent, so a replayed batch changes nothing.
 */
export const touchAttributionConsumer: EventConsumer = {
  name: 'touch-attribution',
  types: ['touches.recorded', 'member.registered'],
  async handle(db, events: DomainEvent[], { now }) {
    const memberIds = new Set<number>();
    const touchIds: number[] = [];
    for (const event of events) {
      if (event.type === 'member.registered' && event.memberId !== null) memberIds.add(event.memberId);
      if (event.type === 'touches.recorded') touchIds.push(...(event.payload as { touchIds: number[] }).touchIds);
    }
    for (const memberId of await membersTouchedBeforeRegistration(db, touchIds)) memberIds.add(memberId);
    for (const memberId of [...memberIds].sort((a, b) => a - b)) await recomputeMemberAttribution(db, memberId, now);
  },
};
