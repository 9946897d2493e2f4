import crypto from 'node:crypto';
import { signAccessToken, MEMBER_ACCESS_TTL_SECONDS } from '../../lib/tokens';
import { channels, couponTemplates, memberAttribution, memberFacts, members, memberTags, orders, tagGroups, tags } from '../../db/schema';
import type { TestApp } from '../../testing/test-app';

const rand = () => crypto.randomBytes(5).toString('hex');

export interface Inserted {
  id: number;
  auth: { Authorization: string };
}

/** A member written directly (optionally with a phone, stored as bindPhone stores it) and a member token. */
export async function insertMember(t: TestApp, values: { nickname?: string; phone?: string; createdAt?: Date; tierCode?: string } = {}): Promise<Inserted> {
  const [row] = await t.deps.db
    .insert(members)
    .values({
      openid: `o360${rand()}`,
      nickname: values.nickname ?? `m${rand()}`,
      tierCode: values.tierCode ?? 'bronze',
      createdAt: values.createdAt ?? t.clock.now(),
      ...(values.phone ? t.deps.phoneCrypto.memberColumns(values.phone) : {}),
    })
    .returning({ id: members.id });
  if (!row) throw new Error('member insert returned nothing');
  const token = signAccessToken(t.deps.config.jwtSecret, 'siyu:member', row.id, MEMBER_ACCESS_TTL_SECONDS, t.clock.now());
  return { id: row.id, auth: { Authorization: `Bearer ${token}` } };
}

/** A member_facts row as helper A's refresh would leave it (only the given columns differ from a 潜客). */
export async function insertFacts(t: TestApp, memberId: number, values: Partial<typeof memberFacts.$inferInsert> = {}): Promise<void> {
  await t.deps.db.insert(memberFacts).values({ memberId, registeredAt: t.clock.now(), ...values });
}

export async function insertChannel(t: TestApp, name = `渠道${rand()}`): Promise<number> {
  const [row] = await t.deps.db.insert(channels).values({ kind: 'package_card', name }).returning({ id: channels.id });
  if (!row) throw new Error('channel insert returned nothing');
  return row.id;
}

export async function attribute(t: TestApp, memberId: number, channelId: number): Promise<void> {
  await t.deps.db.insert(memberAttribution).values({ memberId, registeredAt: t.clock.now(), channelId, touchedAt: t.clock.now() });
}

export async function insertTag(t: TestApp, values: { name?: string; status?: string } = {}): Promise<number> {
  const [group] = await t.deps.db
    .insert(tagGroups)
    .values({ name: `组${rand()}` })
    .returning({ id: tagGroups.id });
  if (!group) throw new Error('group insert returned nothing');
  const [row] = await t.deps.db
    .insert(tags)
    .values({ groupId: group.id, name: values.name ?? `标签${rand()}`, kind: 'manual', color: '#f50', status: values.status ?? 'active' })
    .returning({ id: tags.id });
  if (!row) throw new Error('tag insert returned nothing');
  return row.id;
}

export async function tagMember(t: TestApp, memberId: number, tagId: number, createdAt = t.clock.now()): Promise<void> {
  await t.deps.db.insert(memberTags).values({ memberId, tagId, source: 'manual', createdAt });
}

/** An order row written directly, with the given step times. */
export async function insertOrder(
  t: TestApp,
  memberId: number,
  values: { payableFen: number; status: string; createdAt: Date; paidAt?: Date; completedAt?: Date; cancelledAt?: Date },
): Promise<{ id: number; orderNo: string }> {
  const orderNo = `T${rand()}`;
  const [row] = await t.deps.db
    .insert(orders)
    .values({
      orderNo,
      memberId,
      status: values.status,
      goodsSubtotalFen: values.payableFen,
      discountFen: 0,
      shippingFen: 0,
      payableFen: values.payableFen,
      address: {},
      idempotencyKey: crypto.randomUUID(),
      requestHash: 'test',
      paymentExpiresAt: values.createdAt,
      createdAt: values.createdAt,
      paidAt: values.paidAt ?? null,
      completedAt: values.completedAt ?? null,
      cancelledAt: values.cancelledAt ?? null,
    })
    .returning({ id: orders.id });
  if (!row) throw new Error('order insert returned nothing');
  return { id: row.id, orderNo };
}

/** A coupon template row written directly (the timeline reads its name only). */
export async function insertTemplate(t: TestApp, name: string): Promise<number> {
  const [row] = await t.deps.db
    .insert(couponTemplates)
    .values({
      name,
      rule: { kind: 'fixed_off', offFen: 1000 },
      scope: { kind: 'all' },
      stackingGroup: 'coupon',
      validityKind: 'after_claim',
      validDays: 30,
      visibility: 'hidden',
      faceValueFen: 1000,
    })
    .returning({ id: couponTemplates.id });
  if (!row) throw new Error('template insert returned nothing');
  return row.id;
}
