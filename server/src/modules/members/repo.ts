import { eq, getTableColumns, sql } from 'drizzle-orm';
import { maskPhone, tierCodeSchema, type MeResponse } from '@siyu/shared';
import type { Executor } from '../../db/client';
import { members } from '../../db/schema';
import type { PhoneCrypto } from '../../lib/phone-crypto';

export type MemberRow = typeof members.$inferSelect;

export async function findMemberById(db: Executor, id: number): Promise<MemberRow | undefined> {
  const [row] = await db.select().from(members).where(eq(members.id, id));
  return row;
}

/**
 * Creates the member on first login or records the login of a returning one, in one statement
 * (safe when two logins of the same new user race). `isNew` comes from xmax = 0 (an insert).
 */
export async function upsertMemberOnLogin(
  db: Executor,
  values: { openid: string; unionid: string | null; nickname: string; firstLaunch: unknown; now: Date },
): Promise<{ member: MemberRow; isNew: boolean }> {
  const [row] = await db
    .insert(members)
    .values({
      openid: values.openid,
      unionid: values.unionid,
      nickname: values.nickname,
      firstLaunch: values.firstLaunch ?? null,
      createdAt: values.now,
      lastLoginAt: values.now,
    })
    .onConflictDoUpdate({
      target: members.openid,
      set: { lastLoginAt: values.now, unionid: sql`coalesce(excluded.unionid, ${members.unionid})` },
    })
    .returning({ ...getTableColumns(members), isNew: sql<boolean>`(xmax = 0)` });
  if (!row) throw new Error('member upsert returned nothing');
  const { isNew, ...member } = row;
  return { member, isNew: Boolean(isNew) };
}

/** The member's own view of their profile; the phone is decrypted only to be masked. */
export function toMeResponse(row: MemberRow, phoneCrypto: PhoneCrypto): MeResponse {
  return {
    id: row.id,
    nickname: row.nickname,
    avatarUrl: row.avatarUrl,
    tierCode: tierCodeSchema.parse(row.tierCode),
    hasPhone: row.phoneCipher !== null,
    phoneMasked: row.phoneCipher ? maskPhone(phoneCrypto.decrypt(row.phoneCipher)) : null,
    createdAt: row.createdAt.toISOString(),
  };
}
