import { expiryFor } from '@siyu/shared';
import type { Executor } from '../db/client';
import { addresses, devices, memberAccounts, memberAttribution, members, touches } from '../db/schema';
import type { PhoneCrypto } from '../lib/phone-crypto';
import type { NewDomainEvent } from '../modules/events';
import type { DomainEventType } from '../modules/events/types';
import { loadMembershipSettings } from '../modules/membership/settings';
import {
  chunks,
  CITIES,
  DAY,
  DEMO_CHANNEL_DAYS,
  DEMO_CHANNELS,
  DEMO_MEMBER_COUNT,
  GIVEN,
  HOUR,
  MINUTE,
  ORGANIC_SHARE,
  SURNAMES,
  type Code,
  type DemoCodes,
  type DemoRng,
  type PlannedMember,
  type Touch,
} from './demo-channels';
import { insertLotsWithEntries } from './seed-channel-refunds';

/** The simulated members (inserted), each with its acquisition touches planned (not inserted yet). */
export interface DemoPeople {
  planned: PlannedMember[];
  memberIdOf: Map<number, number>;
  touchPlan: Touch[];
}

/** A touch with its id, after insertion. */
export type TouchRow = Touch & { id: number };

/** An organic launch of the mini-program by the member's device. */
export function organicLaunch(member: PlannedMember, occurredAt: Date): Touch {
  return {
    occurredAt,
    source: 'app_launch',
    status: 'organic',
    channelId: null,
    codeId: null,
    deviceId: member.deviceId,
    memberId: null,
    phoneHash: null,
    unionid: null,
    externalUserId: null,
    wxScene: 1001,
    scene: null,
    path: 'pages/index/index',
    dedupeKey: null,
  };
}

/** A launch through an entry code (QR scan 1047/1048/1011, URL Link 1194). */
export function codeLaunch(member: PlannedMember, occurredAt: Date, code: Code, wxScene: number, memberId: number | null): Touch {
  return { ...organicLaunch(member, occurredAt), status: 'matched', channelId: code.channelId, codeId: code.id, memberId, wxScene, scene: code.scene };
}

/**
 * Members registered over the 120 days (more towards today: the channels ramp up), with encrypted phones,
 * their devices linked at login, and the touches that brought them (planned, inserted later with the rest).
 */
export async function seedDemoMembers(db: Executor, now: Date, crypto: PhoneCrypto, rng: DemoRng, codes: DemoCodes): Promise<DemoPeople> {
  const { random, pick, between } = rng;
  const start = now.getTime() - DEMO_CHANNEL_DAYS * DAY;
  const totalShare = DEMO_CHANNELS.reduce((sum, spec) => sum + spec.memberShare, 0);
  let edge = 0;
  const edges = DEMO_CHANNELS.map((spec) => (edge += spec.memberShare / totalShare));
  const planned: PlannedMember[] = [];
  for (let index = 0; index < DEMO_MEMBER_COUNT; index += 1) {
    const roll = random();
    const channelKey = random() < ORGANIC_SHARE ? null : (DEMO_CHANNELS[edges.findIndex((limit) => roll < limit)]?.key ?? 'card');
    const offset = Math.sqrt(random()) * (DEMO_CHANNEL_DAYS - 0.5) * DAY;
    const phone = `199${String(10_000_000 + index * 7_919).padStart(8, '0')}`;
    const registeredAt = Math.min(start + offset + between(9, 22) * HOUR - 12 * HOUR, now.getTime() - between(2, 20) * HOUR);
    planned.push({
      index,
      channelKey,
      registeredAt: new Date(registeredAt),
      openid: `odemo-channel-${String(index + 1)}`,
      unionid: `udemo-channel-${String(index + 1)}`,
      deviceId: `demo-device-${String(index + 1).padStart(6, '0')}`,
      phone,
      phoneHash: crypto.hash(phone),
      nickname: `${pick([...SURNAMES])}${pick(GIVEN)}`,
    });
  }
  planned.sort((a, b) => a.registeredAt.getTime() - b.registeredAt.getTime());

  const ids: number[] = [];
  for (const part of chunks(planned)) {
    const rows = await db
      .insert(members)
      .values(
        part.map((member) => ({
          openid: member.openid,
          unionid: member.unionid,
          nickname: member.nickname,
          phoneCipher: crypto.encrypt(member.phone),
          phoneHash: member.phoneHash,
          phoneSuffixHash: crypto.suffixHash(member.phone),
          createdAt: member.registeredAt,
          lastLoginAt: member.registeredAt,
        })),
      )
      .returning({ id: members.id });
    ids.push(...rows.map((row) => row.id));
  }
  const memberIdOf = new Map(planned.map((member, index) => [member.index, ids[index] ?? 0]));
  for (const part of chunks(planned))
    await db.insert(devices).values(
      part.map((member) => ({
        deviceId: member.deviceId,
        memberId: memberIdOf.get(member.index) ?? null,
        firstSeenAt: new Date(member.registeredAt.getTime() - 2 * DAY),
        linkedAt: member.registeredAt,
      })),
    );
  await seedMembershipRows(db, planned, memberIdOf, crypto);
  return { planned, memberIdOf, touchPlan: planned.flatMap((member) => acquisitionTouches(member, rng, codes)) };
}

/** The touches before registration, by the member's channel. */
function acquisitionTouches(member: PlannedMember, { pick, between }: DemoRng, { codesOf, batchCodes }: DemoCodes): Touch[] {
  const at = (msBefore: number) => new Date(member.registeredAt.getTime() - msBefore);
  switch (member.channelKey) {
    case 'card': {
      // One card per parcel: the batch's unit codes first, then the channel's general code once they run out.
      const code = batchCodes.shift() ?? codesOf('card')[0];
      return code ? [codeLaunch(member, at(between(2, 40) * MINUTE), code, pick([1047, 1047, 1048]), null)] : [];
    }
    case 'ai': {
      const code = codesOf('ai')[0];
      if (!code) return [];
      const call: Touch = {
        ...organicLaunch(member, at(between(20, 70) * HOUR)),
        source: 'ai_call',
        status: 'matched',
        channelId: code.channelId,
        codeId: code.id,
        deviceId: null,
        phoneHash: member.phoneHash,
        wxScene: null,
        path: null,
        dedupeKey: `demo:ai_call:${member.phoneHash}`,
      };
      return [call, codeLaunch(member, at(between(3, 30) * MINUTE), code, 1194, null)];
    }
    case 'wecom': {
      const code = pick(codesOf('wecom'));
      const contact: Touch = {
        ...organicLaunch(member, at(between(1, 30) * HOUR)),
        source: 'wecom_contact',
        status: 'matched',
        channelId: code.channelId,
        codeId: code.id,
        deviceId: null,
        unionid: member.unionid,
        externalUserId: `wmDemo${String(member.index + 1).padStart(6, '0')}`,
        wxScene: null,
        scene: code.scene,
        path: null,
        dedupeKey: `demo:wecom:${String(member.index + 1)}`,
      };
      return [contact, organicLaunch(member, at(between(2, 20) * MINUTE))];
    }
    case 'oa':
      return [codeLaunch(member, at(between(2, 30) * MINUTE), pick(codesOf('oa')), pick([1011, 1048]), null)];
    case 'sms': {
      const code = codesOf('sms')[0];
      return code ? [codeLaunch(member, at(between(2, 30) * MINUTE), code, 1194, null)] : [];
    }
    default:
      return [organicLaunch(member, at(between(1, 10) * MINUTE))];
  }
}

/**
 * Inserts the planned touches in time order (ids follow time, as live capture would), groups them by person
 * (member id, a device linked to the member, phone hash, unionid), records each member's acquisition (first
 * matched touch at or before registering) and returns the member events the flows emit.
 */
export async function recordDemoTouches(
  db: Executor,
  now: Date,
  people: DemoPeople,
): Promise<{ touchesOf: Map<number, TouchRow[]>; firstChannelOf: Map<number, number | null>; events: NewDomainEvent<DomainEventType>[] }> {
  const { planned, memberIdOf, touchPlan } = people;
  touchPlan.sort((a, b) => a.occurredAt.getTime() - b.occurredAt.getTime());
  const ids: number[] = [];
  for (const part of chunks(touchPlan)) ids.push(...(await db.insert(touches).values(part).returning({ id: touches.id })).map((row) => row.id));
  const rows: TouchRow[] = touchPlan.map((touch, index) => ({ ...touch, id: ids[index] ?? 0 }));

  const touchesOf = new Map<number, TouchRow[]>(planned.map((member) => [member.index, []]));
  const byDevice = new Map(planned.map((member) => [member.deviceId, member.index]));
  const byPhone = new Map(planned.map((member) => [member.phoneHash, member.index]));
  const byUnionid = new Map(planned.map((member) => [member.unionid, member.index]));
  const byId = new Map(planned.map((member) => [memberIdOf.get(member.index) ?? 0, member.index]));
  for (const touch of rows) {
    const owner =
      (touch.memberId !== null ? byId.get(touch.memberId) : undefined) ??
      (touch.deviceId !== null ? byDevice.get(touch.deviceId) : undefined) ??
      (touch.phoneHash !== null ? byPhone.get(touch.phoneHash) : undefined) ??
      (touch.unionid !== null ? byUnionid.get(touch.unionid) : undefined);
    if (owner !== undefined) touchesOf.get(owner)?.push(touch);
  }

  const attribution = planned.map((member) => {
    const first = (touchesOf.get(member.index) ?? []).find((touch) => touch.channelId !== null && touch.occurredAt <= member.registeredAt);
    return {
      memberId: memberIdOf.get(member.index) ?? 0,
      registeredAt: member.registeredAt,
      firstTouchId: first?.id ?? null,
      channelId: first?.channelId ?? null,
      codeId: first?.codeId ?? null,
      touchedAt: first?.occurredAt ?? null,
      updatedAt: member.registeredAt,
    };
  });
  for (const part of chunks(attribution)) await db.insert(memberAttribution).values(part);

  const events: NewDomainEvent<DomainEventType>[] = [];
  for (const [index, row] of attribution.entries()) {
    const member = planned[index];
    events.push({
      type: 'member.registered',
      occurredAt: row.registeredAt,
      memberId: row.memberId,
      payload: { registeredAt: row.registeredAt.toISOString(), deviceId: member?.deviceId ?? null },
    });
    if (row.channelId !== null)
      events.push({
        type: 'member.attributed',
        occurredAt: row.registeredAt,
        memberId: row.memberId,
        payload: { channelId: row.channelId, codeId: row.codeId, firstTouchId: row.firstTouchId },
      });
  }
  for (const part of chunks(rows, 200))
    events.push({ type: 'touches.recorded', occurredAt: part.at(-1)?.occurredAt ?? now, payload: { touchIds: part.map((touch) => touch.id) } });
  return { touchesOf, firstChannelOf: new Map(attribution.map((row) => [row.memberId, row.channelId])), events };
}

/** Accounts, default addresses and sign-up points, as the login flow leaves a new member. */
async function seedMembershipRows(db: Executor, planned: PlannedMember[], memberIdOf: Map<number, number>, crypto: PhoneCrypto): Promise<void> {
  const settings = await loadMembershipSettings(db);
  for (const part of chunks(planned)) {
    await db.insert(addresses).values(
      part.map((member) => {
        const city = CITIES[member.index % CITIES.length];
        return {
          memberId: memberIdOf.get(member.index) ?? 0,
          recipientName: member.nickname,
          phoneCipher: crypto.encrypt(member.phone),
          regionCodes: city?.codes ?? [],
          regionText: city?.text ?? '',
          detail: `${city?.street ?? ''} ${String(10 + (member.index % 180))} 号`,
          isDefault: true,
          createdAt: member.registeredAt,
          updatedAt: member.registeredAt,
        };
      }),
    );
  }
  const signup = settings.signupPoints;
  if (signup > 0)
    await insertLotsWithEntries(
      db,
      planned.map((member) => ({
        memberId: memberIdOf.get(member.index) ?? 0,
        amount: signup,
        remaining: signup,
        source: 'signup',
        sourceKey: `signup:${String(memberIdOf.get(member.index) ?? 0)}`,
        availableAt: member.registeredAt,
        expiresAt: expiryFor(member.registeredAt, settings.pointsExpiryYears),
        createdAt: member.registeredAt,
      })),
      () => '注册有礼',
    );
  for (const part of chunks(planned))
    await db
      .insert(memberAccounts)
      .values(part.map((member) => ({ memberId: memberIdOf.get(member.index) ?? 0, tierSince: member.registeredAt, pointsBalance: signup })));
}
