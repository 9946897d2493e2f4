import { tierCodeSchema, type AdminMember } from '@siyu/shared';
import type { PhoneCrypto } from '../../lib/phone-crypto';
import { toMeResponse, type MemberRow } from './repo';

/** The staff's view of a member: the phone masked only (revealing it is its own audited action). */
export function toAdminMember(row: MemberRow, phoneCrypto: PhoneCrypto): AdminMember {
  return {
    ...toMeResponse(row, phoneCrypto),
    tierCode: tierCodeSchema.parse(row.tierCode),
    openidSuffix: row.openid.slice(-6),
    lastLoginAt: row.lastLoginAt?.toISOString() ?? null,
  };
}
