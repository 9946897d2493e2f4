import { and, desc, eq, ilike, lt, type SQL } from 'drizzle-orm';
import type { z } from 'zod';
import { tierCodeSchema, type adminMemberListQuerySchema, type AdminMember, type MeResponse } from '@siyu/shared';
import { inTransaction, type ServiceContext } from '../../context';
import type { AppDeps } from '../../deps';
import { members } from '../../db/schema';
import { decodeCursor, encodeCursor } from '../../lib/cursor';
import { AppError } from '../../lib/errors';
import { escapeLike } from '../../lib/sql';
import { toAppError } from '../auth/wechat-errors';
import { findMemberById, toMeResponse, type MemberRow } from './repo';
import { creditActionGrowth } from '../membership';
import { recomputeMemberAttribution } from '../touches';

async function requireMemberRow(sc: ServiceContext, memberId: number): Promise<MemberRow> {
  const row = await findMemberById(sc.db, memberId);
  if (!row) throw new AppError('MEMBER_NOT_FOUND');
  return row;
}

/** GET /api/me. */
export async function getMe(sc: ServiceContext, deps: AppDeps, memberId: number): Promise<MeResponse> {
  return toMeResponse(await requireMemberRow(sc, memberId), deps.phoneCrypto);
}

/**
 * POST /api/me/phone: the getPhoneNumber code is exchanged with WeChat (no transaction open), then the
 * number is stored encrypted with its lookup hash. The clear number is never stored or logged.
 */
export async function bindPhone(sc: ServiceContext, deps: AppDeps, memberId: number, code: string): Promise<MeResponse> {
  await requireMemberRow(sc, memberId);
  let phone;
  try {
    phone = await deps.wechat.getPhoneNumber(code);
  } catch (error) {
    throw toAppError(error, 'WECHAT_PHONE_CODE_INVALID');
  }
  const number = phone.purePhoneNumber;
  return inTransaction(sc, async (tx) => {
    const [row] = await tx.db
      .update(members)
      .set({ phoneCipher: deps.phoneCrypto.encrypt(number), phoneHash: deps.phoneCrypto.hash(number) })
      .where(eq(members.id, memberId))
      .returning();
    if (!row) throw new AppError('MEMBER_NOT_FOUND');
    // A bound phone completes the profile: growth for the action, once per member (unique source key).
    await creditActionGrowth(tx, memberId, 'profile_completed');
    // Calls and SMS reached this phone before the member registered: they may be the acquisition.
    await recomputeMemberAttribution(tx.db, memberId, tx.now);
    const [after] = await tx.db.select().from(members).where(eq(members.id, memberId));
    return toMeResponse(after ?? row, deps.phoneCrypto);
  });
}

function toAdminMember(row: MemberRow, deps: AppDeps): AdminMember {
  return {
    ...toMeResponse(row, deps.phoneCrypto),
    tierCode: tierCodeSchema.parse(row.tierCode),
    openidSuffix: row.openid.slice(-6),
    lastLoginAt: row.lastLoginAt?.toISOString() ?? null,
  };
}

/** Staff search: exact phone (through its hash) or nickname; phones only ever shown masked. */
export async function listMembers(sc: ServiceContext, deps: AppDeps, query: z.output<typeof adminMemberListQuerySchema>) {
  const conditions: SQL[] = [];
  if (query.phone) conditions.push(eq(members.phoneHash, deps.phoneCrypto.hash(query.phone)));
  if (query.q) conditions.push(ilike(members.nickname, `%${escapeLike(query.q)}%`));
  if (query.cursor) conditions.push(lt(members.id, decodeCursor(query.cursor, ['id'])[0]));
  const rows = await sc.db
    .select()
    .from(members)
    .where(and(...conditions))
    .orderBy(desc(members.id))
    .limit(query.limit + 1);
  const page = rows.slice(0, query.limit);
  const last = page[page.length - 1];
  return { items: page.map((row) => toAdminMember(row, deps)), nextCursor: rows.length > query.limit && last ? encodeCursor([last.id]) : null };
}

/** One member, for staff. */
export async function getMemberForStaff(sc: ServiceContext, deps: AppDeps, id: number): Promise<AdminMember> {
  return toAdminMember(await requireMemberRow(sc, id), deps);
}
