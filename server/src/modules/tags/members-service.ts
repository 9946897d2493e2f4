import { inTransaction, requireStaffActor, type ServiceContext } from '../../context';
import { AppError } from '../../lib/errors';
import { recordAudit } from '../audit';
// From the file, not the index (no import cycle through the events registry).
import { applyRuleTagsNaming } from '../segments/rule-tags';
import { deleteMemberTags, insertMemberTags, lockTag, unknownMemberIds, type TagRow } from './repo';

/** The tag, locked shared for a change of its members (an archive waits): a manual, active tag. */
export async function requireManualTag(tx: ServiceContext, id: number): Promise<TagRow> {
  const row = await lockTag(tx.db, id, 'share');
  if (!row) throw new AppError('TAG_NOT_FOUND');
  if (row.kind !== 'manual') throw new AppError('TAG_NOT_MANUAL');
  if (row.status !== 'active') throw new AppError('TAG_ARCHIVED');
  return row;
}

/** Unknown member ids → 400 naming them (up to 100), nothing written. */
async function requireKnownMembers(tx: ServiceContext, memberIds: number[]): Promise<void> {
  const unknown = await unknownMemberIds(tx.db, memberIds);
  if (unknown.length > 0)
    throw new AppError('TAG_MEMBERS_UNKNOWN', undefined, { field: 'body.memberIds', unknownMemberIds: unknown.slice(0, 100), count: unknown.length });
}

/**
 * POST /api/admin/tags/:id/members: tags up to 10,000 members in one statement; members who already carry
 * the tag are counted as `already` (the primary key makes parallel adds exact). One audit row per batch.
 */
export async function addTagMembers(sc: ServiceContext, tagId: number, memberIds: number[]): Promise<{ added: number; already: number }> {
  const staff = requireStaffActor(sc);
  const ids = [...new Set(memberIds)];
  return inTransaction(sc, async (tx) => {
    await requireManualTag(tx, tagId);
    await requireKnownMembers(tx, ids);
    const added = await insertMemberTags(tx.db, tagId, ids, 'manual', staff.id, tx.now);
    await applyRuleTagsNaming(tx.db, [tagId], ids, tx.now);
    const result = { added, already: ids.length - added };
    await recordAudit(tx, { action: 'tag.members.add', targetType: 'tag', targetId: tagId, after: { requested: ids.length, ...result } });
    return result;
  });
}

/** POST /api/admin/tags/:id/members/remove: untags up to 10,000 members in one statement; audited per batch. */
export async function removeTagMembers(sc: ServiceContext, tagId: number, memberIds: number[]): Promise<{ removed: number }> {
  const ids = [...new Set(memberIds)];
  return inTransaction(sc, async (tx) => {
    await requireManualTag(tx, tagId);
    await requireKnownMembers(tx, ids);
    const removed = await deleteMemberTags(tx.db, tagId, ids);
    await applyRuleTagsNaming(tx.db, [tagId], ids, tx.now);
    await recordAudit(tx, { action: 'tag.members.remove', targetType: 'tag', targetId: tagId, after: { requested: ids.length, removed } });
    return { removed };
  });
}
