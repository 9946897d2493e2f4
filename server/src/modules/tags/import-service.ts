import { sql } from 'drizzle-orm';
import type { TagImportQuery, TagImportResult, TagImportRowError } from '@siyu/shared';
import { inTransaction, requireStaffActor, type ServiceContext } from '../../context';
import type { Executor } from '../../db/client';
import type { PhoneCrypto } from '../../lib/phone-crypto';
import { AppError } from '../../lib/errors';
import { queryRows } from '../../lib/sql';
import { recordAudit } from '../audit';
import { applyRuleTagsNaming } from '../segments/rule-tags';
import { readImportRows, rowError, type ImportRow } from './import-rows';
import { requireManualTag } from './members-service';
import { insertMemberTags } from './repo';

/** The report lists at most this many bad rows (the first by line); the audit row keeps their count. */
const MAX_REPORTED_ERRORS = 1000;

/** The member ids of each row's key (a phone matches every member with that phone hash). */
async function resolveRows(db: Executor, phoneCrypto: PhoneCrypto, rows: ImportRow[], by: TagImportQuery['by']): Promise<Map<string, number[]>> {
  const found = new Map<string, number[]>();
  if (rows.length === 0) return found;
  if (by === 'memberId') {
    const ids = await queryRows<{ id: number }>(db, sql`select id from members where id = any(${`{${rows.map((row) => row.key).join(',')}}`}::int[])`);
    for (const { id } of ids) found.set(String(id), [Number(id)]);
    return found;
  }
  const keyOfHash = new Map(rows.map((row) => [phoneCrypto.hash(row.key), row.key]));
  const hashes = `{${[...keyOfHash.keys()].map((hash) => `"${hash}"`).join(',')}}`;
  const matches = await queryRows<{ id: number; phone_hash: string }>(db, sql`select id, phone_hash from members where phone_hash = any(${hashes}::text[])`);
  for (const match of matches) {
    const key = keyOfHash.get(match.phone_hash);
    if (key !== undefined) found.set(key, [...(found.get(key) ?? []), Number(match.id)]);
  }
  return found;
}

/**
 * POST /api/admin/tags/:id/import: tags the members of a one-column CSV (phones, matched through their
 * hash, or member ids). all_or_nothing: any bad row → 400 TAG_IMPORT_INVALID with every row's error, nothing
 * written; skip_bad: the good rows are written and the bad ones reported. One audit row (counts only).
 */
export async function importTagMembers(
  sc: ServiceContext,
  phoneCrypto: PhoneCrypto,
  tagId: number,
  query: TagImportQuery,
  csv: string,
): Promise<TagImportResult> {
  const staff = requireStaffActor(sc);
  const { rows, errors: readErrors } = readImportRows(csv, query.by);
  return inTransaction(sc, async (tx) => {
    await requireManualTag(tx, tagId);
    const found = await resolveRows(tx.db, phoneCrypto, rows, query.by);
    const errors: TagImportRowError[] = [...readErrors];
    for (const row of rows) if (!found.has(row.key)) errors.push(rowError(row.line, row.shown, 'MEMBER_NOT_FOUND'));
    errors.sort((a, b) => a.line - b.line);
    if (errors.length > 0 && query.mode === 'all_or_nothing') {
      throw new AppError('TAG_IMPORT_INVALID', undefined, {
        errors: errors.slice(0, MAX_REPORTED_ERRORS),
        errorCount: errors.length,
        rows: rows.length + readErrors.length,
      });
    }
    const memberIds = [...new Set([...found.values()].flat())];
    const added = await insertMemberTags(tx.db, tagId, memberIds, 'import', staff.id, tx.now);
    await applyRuleTagsNaming(tx.db, [tagId], memberIds, tx.now);
    const result: TagImportResult = {
      rows: rows.length + readErrors.length,
      added,
      already: memberIds.length - added,
      errors: errors.slice(0, MAX_REPORTED_ERRORS),
    };
    await recordAudit(tx, {
      action: 'tag.members.import',
      targetType: 'tag',
      targetId: tagId,
      after: { by: query.by, mode: query.mode, rows: result.rows, added, already: result.already, errors: errors.length },
    });
    return result;
  });
}
