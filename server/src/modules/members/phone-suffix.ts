import { and, asc, gt, isNotNull, isNull, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import { members } from '../../db/schema';
import type { PhoneCrypto } from '../../lib/phone-crypto';

/** The suffix hash of a stored ciphertext; null for one that does not decrypt (left for a person to look at). */
function suffixHashOf(phoneCrypto: PhoneCrypto, cipher: string | null): string | null {
  if (!cipher) return null;
  try {
    return phoneCrypto.suffixHash(phoneCrypto.decrypt(cipher));
  } catch {
    return null;
  }
}

/**
 * Writes the keyed suffix hash for members who have a phone but none yet (stored before issue 14):
 * decrypts in batches by id and updates each batch in one statement. Idempotent (only null hashes are
 * written, so a second run or a racing bindPhone changes nothing); never logs a number. Returns the count.
 */
export async function backfillPhoneSuffixHashes(db: Executor, phoneCrypto: PhoneCrypto, batchSize = 500): Promise<number> {
  let afterId = 0;
  let written = 0;
  for (;;) {
    const rows = await db
      .select({ id: members.id, phoneCipher: members.phoneCipher })
      .from(members)
      .where(and(isNotNull(members.phoneCipher), isNull(members.phoneSuffixHash), gt(members.id, afterId)))
      .orderBy(asc(members.id))
      .limit(batchSize);
    const last = rows[rows.length - 1];
    if (!last) return written;
    afterId = last.id;
    const values = rows.flatMap((row) => {
      const hash = suffixHashOf(phoneCrypto, row.phoneCipher);
      return hash ? [sql`(${row.id}::int, ${hash}::text)`] : [];
    });
    if (values.length > 0) {
      await db.execute(
        sql`update ${members} set phone_suffix_hash = v.h from (values ${sql.join(values, sql`, `)}) as v(id, h)
          where ${members.id} = v.id and ${members.phoneSuffixHash} is null`,
      );
      written += values.length;
    }
  }
}
