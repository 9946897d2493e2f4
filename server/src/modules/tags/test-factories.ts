import crypto from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import type { TagGroupView, TagView } from '@siyu/shared';
import { members, memberTags } from '../../db/schema';
import type { TestStaff } from '../../testing/fixtures';
import type { TestApp } from '../../testing/test-app';

const suffix = () => crypto.randomBytes(3).toString('hex');

/** A tag group through the API. */
export async function createTagGroup(t: TestApp, staff: TestStaff, overrides: { name?: string; sort?: number } = {}): Promise<TagGroupView> {
  const res = await t
    .request()
    .post('/api/admin/tag-groups')
    .set(staff.auth)
    .send({ name: `组${suffix()}`, ...overrides });
  if (res.status !== 201) throw new Error(`tag group: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as TagGroupView;
}

/** A manual tag (in a new group unless one is given) through the API. */
export async function createManualTag(t: TestApp, staff: TestStaff, overrides: Record<string, unknown> = {}): Promise<TagView> {
  const groupId = overrides.groupId ?? (await createTagGroup(t, staff)).id;
  const res = await t
    .request()
    .post('/api/admin/tags')
    .set(staff.auth)
    .send({ name: `标签${suffix()}`, kind: 'manual', ...overrides, groupId });
  if (res.status !== 201) throw new Error(`tag: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as TagView;
}

/** `count` members inserted directly, optionally with phones (stored as the app stores them: cipher + hashes). */
export async function insertMembers(t: TestApp, count: number, phones: string[] = []): Promise<number[]> {
  const rows = await t.deps.db
    .insert(members)
    .values(
      Array.from({ length: count }, (_, index) => ({
        openid: `otag${crypto.randomBytes(10).toString('hex')}`,
        nickname: `m${index}`,
        tierCode: 'bronze',
        ...(phones[index] ? t.deps.phoneCrypto.memberColumns(phones[index]) : {}),
      })),
    )
    .returning({ id: members.id });
  return rows.map((row) => row.id);
}

/** Member ids carrying the tag, ascending. */
export async function membersOfTag(t: TestApp, tagId: number): Promise<number[]> {
  const rows = await t.deps.db.select({ memberId: memberTags.memberId }).from(memberTags).where(eq(memberTags.tagId, tagId)).orderBy(memberTags.memberId);
  return rows.map((row) => row.memberId);
}

/** The member's tag rows. */
export function tagRowsOf(t: TestApp, memberId: number, tagId?: number) {
  return t.deps.db
    .select()
    .from(memberTags)
    .where(tagId === undefined ? eq(memberTags.memberId, memberId) : and(eq(memberTags.memberId, memberId), eq(memberTags.tagId, tagId)));
}

/** A random valid mainland mobile number. */
export const randomPhone = () => `139${String(crypto.randomInt(0, 100_000_000)).padStart(8, '0')}`;
