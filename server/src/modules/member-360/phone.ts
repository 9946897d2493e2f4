import type { ServiceContext } from '../../context';
import type { AppDeps } from '../../deps';
import { AppError } from '../../lib/errors';
import { recordAudit } from '../audit';
import { findMemberById } from '../members';

/**
 * POST /api/admin/members/:id/phone (members:phone): the full number, decrypted for this answer only.
 * Every reveal writes an audit row (without the number), also for a member who has none ({ phone: null }).
 * The audit row is written before the number is returned: a failed audit reveals nothing.
 */
export async function revealMemberPhone(sc: ServiceContext, deps: AppDeps, memberId: number): Promise<{ phone: string | null }> {
  const member = await findMemberById(sc.db, memberId);
  if (!member) throw new AppError('MEMBER_NOT_FOUND');
  await recordAudit(sc, { action: 'member.phone_reveal', targetType: 'member', targetId: memberId, after: { hasPhone: member.phoneCipher !== null } });
  return { phone: member.phoneCipher ? deps.phoneCrypto.decrypt(member.phoneCipher) : null };
}
