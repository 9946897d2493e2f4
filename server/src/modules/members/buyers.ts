import { inArray } from 'drizzle-orm';
import { maskPhone, type OrderBuyer } from '@siyu/shared';
import type { Executor } from '../../db/client';
import { members } from '../../db/schema';
import type { PhoneCrypto } from '../../lib/phone-crypto';

/** Staff-facing buyer labels (nickname and masked phone) of the given members, in one query; the full phone never leaves. */
export async function findBuyers(db: Executor, phoneCrypto: PhoneCrypto, memberIds: readonly number[]): Promise<Map<number, OrderBuyer>> {
  const ids = [...new Set(memberIds)];
  if (ids.length === 0) return new Map();
  const rows = await db.select({ id: members.id, nickname: members.nickname, phoneCipher: members.phoneCipher }).from(members).where(inArray(members.id, ids));
  return new Map(
    rows.map((row) => [row.id, { id: row.id, nickname: row.nickname, phoneMasked: row.phoneCipher ? maskPhone(phoneCrypto.decrypt(row.phoneCipher)) : null }]),
  );
}
