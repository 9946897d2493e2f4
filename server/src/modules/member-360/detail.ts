import { and, asc, eq, inArray } from 'drizzle-orm';
import { lifecycleName, lifecycleStageSchema, rfmCellCodeSchema, rfmCellName, type MemberDetail } from '@siyu/shared';
import type { ServiceContext } from '../../context';
import type { AppDeps } from '../../deps';
import { categories, channels, memberAccounts, memberAttribution, memberConsents, memberFacts, memberTags, tags } from '../../db/schema';
import { AppError } from '../../lib/errors';
import { findMemberById, toAdminMember } from '../members';
import { growthForRetention, loadMembershipSettings } from '../membership';

async function channelNames(sc: ServiceContext, ids: (number | null | undefined)[]): Promise<Map<number, string>> {
  const wanted = [...new Set(ids.filter((id): id is number => typeof id === 'number'))];
  if (wanted.length === 0) return new Map();
  const rows = await sc.db.select({ id: channels.id, name: channels.name }).from(channels).where(inArray(channels.id, wanted));
  return new Map(rows.map((row) => [row.id, row.name]));
}

/**
 * GET /api/admin/members/:id — the member 360 profile. Facts are read as stored (a member without a facts
 * row yet reads as a 潜客 with zeros); tier, points, growth, birthday, tags and consents from their own tables.
 */
export async function getMemberDetail(sc: ServiceContext, deps: AppDeps, memberId: number): Promise<MemberDetail> {
  const member = await findMemberById(sc.db, memberId);
  if (!member) throw new AppError('MEMBER_NOT_FOUND');
  const [facts] = await sc.db.select().from(memberFacts).where(eq(memberFacts.memberId, memberId));
  const [attribution] = await sc.db.select().from(memberAttribution).where(eq(memberAttribution.memberId, memberId));
  const [account] = await sc.db.select().from(memberAccounts).where(eq(memberAccounts.memberId, memberId));
  const tagRows = await sc.db
    .select({ id: tags.id, name: tags.name, color: tags.color, kind: tags.kind, source: memberTags.source, createdAt: memberTags.createdAt })
    .from(memberTags)
    .innerJoin(tags, eq(tags.id, memberTags.tagId))
    .where(and(eq(memberTags.memberId, memberId), eq(tags.status, 'active')))
    .orderBy(asc(tags.groupId), asc(tags.id));
  const consents = await sc.db.select().from(memberConsents).where(eq(memberConsents.memberId, memberId)).orderBy(asc(memberConsents.channel));
  const firstChannelId = attribution?.channelId ?? facts?.firstChannelId ?? null;
  const lastChannelId = facts?.lastChannelId ?? null;
  const names = await channelNames(sc, [firstChannelId, lastChannelId]);
  const favouriteIds = (facts?.favouriteCategoryIds ?? []).filter((id) => Number.isInteger(id));
  const categoryRows =
    favouriteIds.length > 0
      ? await sc.db.select({ id: categories.id, name: categories.name }).from(categories).where(inArray(categories.id, favouriteIds))
      : [];
  const categoryName = new Map(categoryRows.map((row) => [row.id, row.name]));
  const growthValue = await growthForRetention(sc.db, memberId, sc.now, await loadMembershipSettings(sc.db));
  const stage = lifecycleStageSchema.catch('prospect').parse(facts?.lifecycle ?? 'prospect');
  const cell = facts?.rfmCell ? rfmCellCodeSchema.parse(facts.rfmCell) : null;
  const firstName = firstChannelId !== null ? names.get(firstChannelId) : undefined;
  const lastName = lastChannelId !== null ? names.get(lastChannelId) : undefined;
  return {
    ...toAdminMember(member, deps.phoneCrypto),
    tags: tagRows.map((row) => ({ ...row, createdAt: row.createdAt.toISOString() })),
    rfm: cell
      ? {
          cell,
          name: rfmCellName(cell),
          rScore: facts?.rScore ?? null,
          fScore: facts?.fScore ?? null,
          mScore: facts?.mScore ?? null,
          recencyDays: facts?.recencyDays ?? null,
          windowOrders: facts?.windowOrders ?? 0,
          windowNetFen: facts?.windowNetFen ?? 0,
        }
      : null,
    lifecycle: { stage, name: lifecycleName(stage), since: (facts?.lifecycleSince ?? member.createdAt).toISOString() },
    spend: {
      netPaidFen: facts?.netPaidFen ?? 0,
      paidOrders: facts?.paidOrders ?? 0,
      aovFen: facts?.aovFen ?? 0,
      firstPaidAt: facts?.firstPaidAt?.toISOString() ?? null,
      lastPaidAt: facts?.lastPaidAt?.toISOString() ?? null,
      refundCount: facts?.refundCount ?? 0,
      refundedFen: facts?.refundedFen ?? 0,
      couponShareBp: facts?.couponShareBp ?? 0,
    },
    channels: {
      first:
        firstChannelId !== null && firstName !== undefined ? { id: firstChannelId, name: firstName, at: attribution?.touchedAt?.toISOString() ?? null } : null,
      last: lastChannelId !== null && lastName !== undefined ? { id: lastChannelId, name: lastName } : null,
    },
    favouriteCategories: favouriteIds.flatMap((id) => {
      const name = categoryName.get(id);
      return name === undefined ? [] : [{ id, name }];
    }),
    city: facts?.city ?? null,
    birthday: account?.birthday ?? null,
    pointsBalance: account?.pointsBalance ?? 0,
    growthValue,
    consents: consents.map((row) => ({ channel: row.channel, granted: row.granted, source: row.source, updatedAt: row.updatedAt.toISOString() })),
  };
}
