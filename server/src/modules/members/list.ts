import { and, asc, desc, eq, ilike, inArray, sql, type SQL } from 'drizzle-orm';
import { lifecycleStageSchema, rfmCellCodeSchema, type AdminMemberListQuery, type MemberListRow, type MemberListSort } from '@siyu/shared';
import type { ServiceContext } from '../../context';
import type { AppDeps } from '../../deps';
import type { Executor } from '../../db/client';
import { channels, memberAttribution, memberFacts, members, memberTags, tags } from '../../db/schema';
import { decodeCursor, encodeCursor } from '../../lib/cursor';
import { AppError } from '../../lib/errors';
import { escapeLike } from '../../lib/sql';
import { toAdminMember } from './views';

/**
 * The staff member list (GET /api/admin/members): members left-joined to their facts (a member without
 * a facts row yet reads as a 潜客 with zeros) and their acquisition; tags are fetched for the page rows.
 *
 * Keyset paging for every sort: the cursor is [null flag, sort value, id] of the page's last row, the
 * sort value in microseconds for timestamps (exact: PostgreSQL keeps microseconds). Nulls (never paid,
 * for lastPaidAt) come last in both directions; ties are broken by id in the same direction.
 */
const TIMESTAMP_SORTS: ReadonlySet<MemberListSort> = new Set(['createdAt', 'lastPaidAt']);

function sortExpression(sort: MemberListSort): SQL {
  switch (sort) {
    case 'createdAt':
      return sql`${members.createdAt}`;
    case 'lastPaidAt':
      return sql`${memberFacts.lastPaidAt}`;
    case 'netPaidFen':
      return sql`coalesce(${memberFacts.netPaidFen}, 0)`;
    case 'paidOrders':
      return sql`coalesce(${memberFacts.paidOrders}, 0)`;
  }
}

/** The sort value as the cursor holds it: a number (fen, count, or microseconds since the epoch) or null. */
function sortKeyExpression(sort: MemberListSort): SQL<string | null> {
  const expr = sortExpression(sort);
  return TIMESTAMP_SORTS.has(sort) ? sql<string | null>`((extract(epoch from ${expr}) * 1000000)::bigint)::text` : sql<string | null>`(${expr})::text`;
}

/** The cursor's sort value back as SQL of the column's type. */
function cursorValue(sort: MemberListSort, value: number): SQL {
  return TIMESTAMP_SORTS.has(sort) ? sql`(timestamptz 'epoch' + ${value}::bigint * interval '1 microsecond')` : sql`${value}::bigint`;
}

function afterCursor(sort: MemberListSort, isAsc: boolean, cursor: string): SQL {
  const [isNull, value, id] = decodeCursor(cursor, ['int4', 'int8', 'id']);
  if (isNull !== 0 && isNull !== 1) throw new AppError('INVALID_CURSOR');
  const expr = sortExpression(sort);
  const idAfter = isAsc ? sql`${members.id} > ${id}` : sql`${members.id} < ${id}`;
  if (isNull === 1) return sql`(${expr} is null and ${idAfter})`;
  const v = cursorValue(sort, value);
  const beyond = isAsc ? sql`${expr} > ${v}` : sql`${expr} < ${v}`;
  return sql`(${beyond} or (${expr} = ${v} and ${idAfter}) or ${expr} is null)`;
}

/**
 * The sort's ORDER BY term. created_at is never null, so it sorts without a nulls clause: both directions are
 * then a walk of members_created_at_id_idx (a `nulls last` on a descending sort would not match the index).
 */
function orderOf(sort: MemberListSort, isAsc: boolean): SQL {
  const expr = sortExpression(sort);
  if (sort === 'createdAt') return isAsc ? sql`${expr} asc` : sql`${expr} desc`;
  return isAsc ? sql`${expr} asc nulls last` : sql`${expr} desc nulls last`;
}

function filters(deps: AppDeps, query: AdminMemberListQuery): SQL[] {
  const conditions: SQL[] = [];
  if (query.phone) conditions.push(eq(members.phoneHash, deps.phoneCrypto.hash(query.phone)));
  if (query.phoneSuffix) conditions.push(eq(members.phoneSuffixHash, deps.phoneCrypto.suffixHash(query.phoneSuffix)));
  if (query.q) conditions.push(ilike(members.nickname, `%${escapeLike(query.q)}%`));
  if (query.tierCode) conditions.push(eq(members.tierCode, query.tierCode));
  if (query.lifecycle) conditions.push(sql`coalesce(${memberFacts.lifecycle}, 'prospect') = ${query.lifecycle}`);
  if (query.rfmCell) conditions.push(eq(memberFacts.rfmCell, query.rfmCell));
  if (query.tagId !== undefined)
    conditions.push(
      sql`exists (select 1 from ${memberTags} join ${tags} on ${tags.id} = ${memberTags.tagId}
        where ${memberTags.memberId} = ${members.id} and ${memberTags.tagId} = ${query.tagId} and ${tags.status} = 'active')`,
    );
  if (query.channelId !== undefined) conditions.push(eq(memberAttribution.channelId, query.channelId));
  if (query.minNetPaidFen !== undefined) conditions.push(sql`coalesce(${memberFacts.netPaidFen}, 0) >= ${query.minNetPaidFen}`);
  if (query.maxNetPaidFen !== undefined) conditions.push(sql`coalesce(${memberFacts.netPaidFen}, 0) <= ${query.maxNetPaidFen}`);
  return conditions;
}

/** Active tags of the given members, in tag order. */
export async function activeTagsOf(db: Executor, memberIds: number[]): Promise<Map<number, { id: number; name: string; color: string | null }[]>> {
  const byMember = new Map<number, { id: number; name: string; color: string | null }[]>();
  if (memberIds.length === 0) return byMember;
  const rows = await db
    .select({ memberId: memberTags.memberId, id: tags.id, name: tags.name, color: tags.color })
    .from(memberTags)
    .innerJoin(tags, eq(tags.id, memberTags.tagId))
    .where(and(inArray(memberTags.memberId, memberIds), eq(tags.status, 'active')))
    .orderBy(asc(tags.groupId), asc(tags.id));
  for (const { memberId, ...tag } of rows) {
    const list = byMember.get(memberId) ?? [];
    list.push(tag);
    byMember.set(memberId, list);
  }
  return byMember;
}

export async function listMemberRows(
  sc: ServiceContext,
  deps: AppDeps,
  query: AdminMemberListQuery,
): Promise<{ items: MemberListRow[]; nextCursor: string | null }> {
  const isAsc = query.order === 'asc';
  const conditions = filters(deps, query);
  if (query.cursor) conditions.push(afterCursor(query.sort, isAsc, query.cursor));
  const rows = await sc.db
    .select({
      member: members,
      paidOrders: memberFacts.paidOrders,
      netPaidFen: memberFacts.netPaidFen,
      aovFen: memberFacts.aovFen,
      lastPaidAt: memberFacts.lastPaidAt,
      lifecycle: memberFacts.lifecycle,
      rfmCell: memberFacts.rfmCell,
      channelId: channels.id,
      channelName: channels.name,
      sortKey: sortKeyExpression(query.sort),
    })
    .from(members)
    .leftJoin(memberFacts, eq(memberFacts.memberId, members.id))
    .leftJoin(memberAttribution, eq(memberAttribution.memberId, members.id))
    .leftJoin(channels, eq(channels.id, memberAttribution.channelId))
    .where(and(...conditions))
    .orderBy(orderOf(query.sort, isAsc), isAsc ? asc(members.id) : desc(members.id))
    .limit(query.limit + 1);
  const page = rows.slice(0, query.limit);
  const tagsOf = await activeTagsOf(
    sc.db,
    page.map((row) => row.member.id),
  );
  const items = page.map((row): MemberListRow => ({
    ...toAdminMember(row.member, deps.phoneCrypto),
    paidOrders: row.paidOrders ?? 0,
    netPaidFen: row.netPaidFen ?? 0,
    aovFen: row.aovFen ?? 0,
    lastPaidAt: row.lastPaidAt?.toISOString() ?? null,
    lifecycle: lifecycleStageSchema.catch('prospect').parse(row.lifecycle ?? 'prospect'),
    rfmCell: row.rfmCell ? rfmCellCodeSchema.parse(row.rfmCell) : null,
    tags: tagsOf.get(row.member.id) ?? [],
    firstChannel: row.channelId !== null && row.channelName !== null ? { id: row.channelId, name: row.channelName } : null,
  }));
  const last = page[page.length - 1];
  const nextCursor =
    rows.length > query.limit && last ? encodeCursor(last.sortKey === null ? [1, 0, last.member.id] : [0, Number(last.sortKey), last.member.id]) : null;
  return { items, nextCursor };
}
