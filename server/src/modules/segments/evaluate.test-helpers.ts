import type { SegmentCondition, SegmentDefinition, SegmentFact } from '@siyu/shared';
import { chinaDayNumber } from './compile';

/**
 * The segment semantics in plain TypeScript, over an in-memory copy of the members' data: the oracle the
 * property test compares the compiled SQL with. Written from the rules in docs/decisions.md, not from the SQL.
 */

export interface MemFacts {
  paidOrders: number;
  netPaidFen: number;
  aovFen: number;
  refundCount: number;
  couponShareBp: number;
  windowOrders: number;
  windowNetFen: number;
  rScore: number | null;
  fScore: number | null;
  mScore: number | null;
  firstPaidAt: Date | null;
  lastPaidAt: Date | null;
  lastActiveAt: Date | null;
  rfmCell: string | null;
  lifecycle: string;
  firstChannelId: number | null;
  lastChannelId: number | null;
  city: string | null;
}

export interface MemOrder {
  status: string;
  paidAt: Date | null;
  firstChannelId: number | null;
  lastChannelId: number | null;
  productIds: number[];
}

export interface MemMember {
  id: number;
  tierCode: string;
  hasPhone: boolean;
  createdAt: Date;
  facts: MemFacts | null;
  account: { pointsBalance: number; birthday: string | null } | null;
  tagIds: number[];
  touchChannelIds: number[];
  orders: MemOrder[];
  views: { productId: number; at: Date }[];
  coupons: { templateId: number; status: string; validFrom: Date; expiresAt: Date; usedAt: Date | null }[];
  consents: { channel: string; granted: boolean }[];
}

export interface MemWorld {
  categories: { id: number; parentId: number | null }[];
  products: { id: number; categoryId: number }[];
  tags: { id: number; status: string }[];
  members: MemMember[];
}

const DAY_MS = 86_400_000;

function days(at: Date | null, now: Date): number | null {
  return at === null ? null : chinaDayNumber(now) - chinaDayNumber(at);
}

function factOf(member: MemMember, fact: SegmentFact, now: Date): number | null {
  const f = member.facts;
  switch (fact) {
    case 'daysSinceLastOrder':
      return days(f?.lastPaidAt ?? null, now);
    case 'daysSinceFirstOrder':
      return days(f?.firstPaidAt ?? null, now);
    case 'daysSinceRegistered':
      return days(member.createdAt, now);
    case 'daysSinceLastActive':
      return days(f?.lastActiveAt ?? null, now);
    case 'pointsBalance':
      return member.account?.pointsBalance ?? 0;
    case 'rScore':
    case 'fScore':
    case 'mScore':
      return f?.[fact] ?? 0;
    default:
      return f ? f[fact] : 0;
  }
}

function productsOf(world: MemWorld, c: { productIds?: number[] | undefined; categoryIds?: number[] | undefined }): Set<number> {
  if (c.productIds) return new Set(c.productIds);
  const inTree = new Set(c.categoryIds);
  for (let grew = true; grew;) {
    grew = false;
    for (const category of world.categories) {
      if (category.parentId !== null && inTree.has(category.parentId) && !inTree.has(category.id)) {
        inTree.add(category.id);
        grew = true;
      }
    }
  }
  return new Set(world.products.filter((product) => inTree.has(product.categoryId)).map((product) => product.id));
}

const counted = (order: MemOrder, since: Date, now: Date) =>
  order.paidAt !== null && !['pending_payment', 'cancelled', 'refunded'].includes(order.status) && order.paidAt >= since && order.paidAt <= now;

function positive(world: MemWorld, member: MemMember, condition: SegmentCondition, now: Date): boolean {
  switch (condition.type) {
    case 'fact': {
      const value = factOf(member, condition.fact, now);
      if (value === null) return false;
      if (condition.op === 'gte') return value >= condition.value;
      if (condition.op === 'lte') return value <= condition.value;
      if (condition.op === 'eq') return value === condition.value;
      return value >= condition.value && value <= (condition.to ?? condition.value);
    }
    case 'rfmCell':
      return member.facts?.rfmCell != null && (condition.cells as string[]).includes(member.facts.rfmCell);
    case 'lifecycle':
      return (condition.stages as string[]).includes(member.facts?.lifecycle ?? 'prospect');
    case 'tier':
      return (condition.tiers as string[]).includes(member.tierCode);
    case 'tag': {
      const active = new Set(world.tags.filter((tag) => tag.status === 'active').map((tag) => tag.id));
      const carried = new Set(member.tagIds.filter((id) => active.has(id)));
      if (condition.op === 'any') return condition.tagIds.some((id) => carried.has(id));
      if (condition.op === 'none') return !condition.tagIds.some((id) => carried.has(id));
      return condition.tagIds.every((id) => carried.has(id));
    }
    case 'channel': {
      const ids = new Set(condition.channelIds);
      const has = (id: number | null | undefined) => id != null && ids.has(id);
      if (condition.which === 'acquisition') return has(member.facts?.firstChannelId);
      if (condition.which === 'last') return has(member.facts?.lastChannelId);
      return (
        has(member.facts?.firstChannelId) ||
        has(member.facts?.lastChannelId) ||
        member.touchChannelIds.some(has) ||
        member.orders.some((order) => has(order.firstChannelId) || has(order.lastChannelId))
      );
    }
    case 'bought': {
      const since = new Date(now.getTime() - condition.withinDays * DAY_MS);
      const wanted = productsOf(world, condition);
      const orders = member.orders.filter((order) => counted(order, since, now) && order.productIds.some((id) => wanted.has(id)));
      return orders.length >= condition.minTimes;
    }
    case 'viewedNotBought': {
      const since = new Date(now.getTime() - condition.withinDays * DAY_MS);
      const wanted = productsOf(world, condition);
      const bought = new Set(member.orders.filter((order) => counted(order, since, now)).flatMap((order) => order.productIds));
      return member.views.some((view) => view.at >= since && view.at <= now && wanted.has(view.productId) && !bought.has(view.productId));
    }
    case 'couponHeld':
      return member.coupons.some(
        (c) => c.status === 'available' && c.validFrom <= now && c.expiresAt > now && (!condition.templateIds || condition.templateIds.includes(c.templateId)),
      );
    case 'couponUsed': {
      const since = new Date(now.getTime() - condition.withinDays * DAY_MS);
      return member.coupons.some(
        (c) =>
          c.status === 'used' &&
          c.usedAt !== null &&
          c.usedAt >= since &&
          c.usedAt <= now &&
          (!condition.templateIds || condition.templateIds.includes(c.templateId)),
      );
    }
    case 'birthdayMonth': {
      const birthday = member.account?.birthday;
      return birthday != null && condition.months.includes(Number(birthday.slice(0, 2)));
    }
    case 'city':
      return member.facts?.city != null && condition.cities.includes(member.facts.city);
    case 'hasPhone':
      return member.hasPhone === condition.value;
    case 'consent': {
      // No row: personalised marketing is on (an opt-out), the other channels are off (opt-ins).
      const row = member.consents.find((c) => c.channel === condition.channel);
      const granted = row ? row.granted : condition.channel === 'personalized';
      return granted === condition.granted;
    }
  }
}

export function evaluateCondition(world: MemWorld, member: MemMember, condition: SegmentCondition, now: Date): boolean {
  const result = positive(world, member, condition, now);
  return 'not' in condition && condition.not ? !result : result;
}

/** The ids of the members the definition matches, ascending. */
export function evaluateSegmentInMemory(definition: SegmentDefinition, world: MemWorld, now: Date): number[] {
  const join = (values: boolean[], match: 'all' | 'any') => (match === 'all' ? values.every(Boolean) : values.some(Boolean));
  // No groups: every member, whatever `match` says.
  if (definition.groups.length === 0) return world.members.map((member) => member.id).sort((a, b) => a - b);
  return world.members
    .filter((member) =>
      join(
        definition.groups.map((group) =>
          join(
            group.conditions.map((condition) => evaluateCondition(world, member, condition, now)),
            group.match,
          ),
        ),
        definition.match,
      ),
    )
    .map((member) => member.id)
    .sort((a, b) => a - b);
}
