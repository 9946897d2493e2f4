import { and, asc, desc, eq, isNull, sql } from 'drizzle-orm';
import type { Address, AddressInput } from '@siyu/shared';
import { inTransaction, type ServiceContext } from '../../context';
import type { Executor } from '../../db/client';
import { addresses } from '../../db/schema';
import { AppError } from '../../lib/errors';
import type { PhoneCrypto } from '../../lib/phone-crypto';
import { assertKnownRegion } from './regions';
import { appendEvent } from '../events/outbox';

/** A member keeps at most this many addresses. */
export const MAX_ADDRESSES = 20;

export type AddressRow = typeof addresses.$inferSelect;

/** The member's own view: their own recipient phone in full. */
export function toAddress(row: AddressRow, phoneCrypto: PhoneCrypto): Address {
  return {
    id: row.id,
    recipientName: row.recipientName,
    phone: phoneCrypto.decrypt(row.phoneCipher),
    regionCodes: row.regionCodes,
    regionText: row.regionText,
    detail: row.detail,
    isDefault: row.isDefault,
  };
}

/** A live address of this member, or 404 ADDRESS_NOT_FOUND (another member's address is not found either). */
export async function findMemberAddress(db: Executor, memberId: number, id: number): Promise<AddressRow> {
  const [row] = await db
    .select()
    .from(addresses)
    .where(and(eq(addresses.id, id), eq(addresses.memberId, memberId), isNull(addresses.deletedAt)));
  if (!row) throw new AppError('ADDRESS_NOT_FOUND');
  return row;
}

/** The member's default address, or null when they have none. */
export async function findDefaultAddress(db: Executor, memberId: number): Promise<AddressRow | null> {
  const [row] = await db
    .select()
    .from(addresses)
    .where(and(eq(addresses.memberId, memberId), eq(addresses.isDefault, true), isNull(addresses.deletedAt)));
  return row ?? null;
}

export async function listAddresses(sc: ServiceContext, phoneCrypto: PhoneCrypto, memberId: number): Promise<Address[]> {
  const rows = await sc.db
    .select()
    .from(addresses)
    .where(and(eq(addresses.memberId, memberId), isNull(addresses.deletedAt)))
    .orderBy(desc(addresses.isDefault), asc(addresses.id));
  return rows.map((row) => toAddress(row, phoneCrypto));
}

/** The member's addresses changed (the city fact follows the default address): an outbox event, same transaction. */
async function addressChanged(db: Executor, memberId: number, now: Date): Promise<void> {
  await appendEvent(db, { type: 'member.address_changed', occurredAt: now, memberId, payload: {} });
}

/**
 * Serializes a member's address writes (the member row lock): two first addresses at once would both become the
 * default (addresses_one_default_key → 500), and two creates at once could pass the MAX_ADDRESSES count together.
 */
async function lockMemberAddresses(db: Executor, memberId: number): Promise<void> {
  await db.execute(sql`select 1 from members where id = ${memberId} for update`);
}

async function clearDefault(db: Executor, memberId: number): Promise<void> {
  await db
    .update(addresses)
    .set({ isDefault: false })
    .where(and(eq(addresses.memberId, memberId), eq(addresses.isDefault, true)));
}

/** Creates an address; the first one becomes the default. */
export async function createAddress(sc: ServiceContext, phoneCrypto: PhoneCrypto, memberId: number, input: AddressInput): Promise<Address> {
  assertKnownRegion(input.regionCodes);
  return inTransaction(sc, async (tx) => {
    await lockMemberAddresses(tx.db, memberId);
    const [{ count } = { count: 0 }] = await tx.db
      .select({ count: sql<number>`count(*)::int` })
      .from(addresses)
      .where(and(eq(addresses.memberId, memberId), isNull(addresses.deletedAt)));
    if (count >= MAX_ADDRESSES) throw new AppError('ADDRESS_LIMIT_REACHED');
    const isDefault = input.isDefault || count === 0;
    if (isDefault) await clearDefault(tx.db, memberId);
    const [row] = await tx.db
      .insert(addresses)
      .values({ memberId, ...input, phoneCipher: phoneCrypto.encrypt(input.phone), isDefault, createdAt: tx.now, updatedAt: tx.now })
      .returning();
    if (!row) throw new Error('address insert returned nothing');
    await addressChanged(tx.db, memberId, tx.now);
    return toAddress(row, phoneCrypto);
  });
}

/** Edits one of the member's addresses. */
export async function updateAddress(
  sc: ServiceContext,
  phoneCrypto: PhoneCrypto,
  memberId: number,
  id: number,
  input: Partial<AddressInput>,
): Promise<Address> {
  if (input.regionCodes) assertKnownRegion(input.regionCodes);
  return inTransaction(sc, async (tx) => {
    await lockMemberAddresses(tx.db, memberId);
    await findMemberAddress(tx.db, memberId, id);
    if (input.isDefault) await clearDefault(tx.db, memberId);
    const { phone, ...rest } = input;
    const [row] = await tx.db
      .update(addresses)
      .set({ ...rest, ...(phone ? { phoneCipher: phoneCrypto.encrypt(phone) } : {}), updatedAt: tx.now })
      .where(eq(addresses.id, id))
      .returning();
    if (!row) throw new AppError('ADDRESS_NOT_FOUND');
    await addressChanged(tx.db, memberId, tx.now);
    return toAddress(row, phoneCrypto);
  });
}

/** Soft-deletes (orders keep their own snapshot). */
export async function deleteAddress(sc: ServiceContext, memberId: number, id: number): Promise<void> {
  await inTransaction(sc, async (tx) => {
    await findMemberAddress(tx.db, memberId, id);
    await tx.db.update(addresses).set({ deletedAt: tx.now, isDefault: false }).where(eq(addresses.id, id));
    await addressChanged(tx.db, memberId, tx.now);
  });
}
