import { eq } from 'drizzle-orm';
import type { AdminMember, AdminMemberListQuery, MeResponse } from '@siyu/shared';
import { inTransaction, type ServiceContext } from '../../context';
import type { AppDeps } from '../../deps';
import { members } from '../../db/schema';
import { AppError } from '../../lib/errors';
import { toAppError } from '../auth/wechat-errors';
import { listMemberRows } from './list';
import { findMemberById, toMeResponse, type MemberRow } from './repo';
import { toAdminMember } from './views';
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
    const [row] = await tx.db.update(members).set(deps.phoneCrypto.memberColumns(number)).where(eq(members.id, memberId)).returning();
    if (!row) throw new AppError('MEMBER_NOT_FOUND');
    // A bound phone completes the profile: growth for the action, once per member (unique source key).
    await creditActionGrowth(tx, memberId, 'profile_completed');
    // Calls and SMS reached this phone before the member registered: they may be the acquisition.
    await recomputeMemberAttribution(tx.db, memberId, tx.now);
    const [after] = await tx.db.select().from(members).where(eq(members.id, memberId));
    return toMeResponse(after ?? row, deps.phoneCrypto);
  });
}

/** Staff search and list: filters, sorts and keyset paging in ./list; phones only ever shown masked. */
export async function listMembers(sc: ServiceContext, deps: AppDeps, query: AdminMemberListQuery) {
  return listMemberRows(sc, deps, query);
}

/** One member, for staff (the plain view; the 360 profile is member-360's). */
export async function getMemberForStaff(sc: ServiceContext, deps: AppDeps, id: number): Promise<AdminMember> {
  return toAdminMember(await requireMemberRow(sc, id), deps.phoneCrypto);
}
