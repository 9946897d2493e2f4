import { and, eq, isNull, isNotNull } from 'drizzle-orm';
import { auditLog, memberNotes, members } from '../../db/schema';
import { concurrencyDrivers } from '../../testing/drivers';
import { createStaff, type TestStaff } from '../../testing/fixtures';
import { createTestApp, type TestApp } from '../../testing/test-app';
import { backfillPhoneSuffixHashes } from '../members';
import { insertMember } from './test-factories';

/** Only a PostgreSQL server runs transactions in parallel; PGlite would serialize them. */
describe.each(concurrencyDrivers())('member 360 under concurrency on %s', (driver) => {
  let t: TestApp;
  let owner: TestStaff;
  beforeAll(async () => {
    t = await createTestApp(driver, { poolSize: 20 });
    owner = await createStaff(t, 'owner');
  });
  afterAll(() => t.close());

  it('20 parallel phone reveals: 20 answers and exactly 20 audit rows', async () => {
    const member = await insertMember(t, { phone: '13511112222' });
    const results = await Promise.all(Array.from({ length: 20 }, () => t.request().post(`/api/admin/members/${member.id}/phone`).set(owner.auth)));
    expect(results.map((res) => res.body.phone)).toEqual(Array.from({ length: 20 }, () => '13511112222'));
    const audits = await t.deps.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'member.phone_reveal'), eq(auditLog.targetId, String(member.id))));
    expect(audits).toHaveLength(20);
  });

  it('20 parallel notes: 20 notes, 20 audit rows, none lost', async () => {
    const member = await insertMember(t);
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, index) =>
        t
          .request()
          .post(`/api/admin/members/${member.id}/notes`)
          .set(owner.auth)
          .send({ body: `第 ${index} 条` }),
      ),
    );
    expect(results.map((res) => res.status)).toEqual(Array.from({ length: 20 }, () => 201));
    expect(await t.deps.db.select().from(memberNotes).where(eq(memberNotes.memberId, member.id))).toHaveLength(20);
    const audits = await t.deps.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'member.note'), eq(auditLog.targetId, String(member.id))));
    expect(audits).toHaveLength(20);
  });

  it('4 backfills racing over 300 phones: every suffix hash written, right, and no error', async () => {
    const inserted = [];
    for (let index = 0; index < 300; index += 1) inserted.push(await insertMember(t, { phone: `1390000${String(index).padStart(4, '0')}` }));
    await t.deps.db.update(members).set({ phoneSuffixHash: null }).where(isNotNull(members.phoneCipher));
    await Promise.all(Array.from({ length: 4 }, () => backfillPhoneSuffixHashes(t.deps.db, t.deps.phoneCrypto, 50)));
    expect(
      await t.deps.db
        .select({ id: members.id })
        .from(members)
        .where(and(isNotNull(members.phoneCipher), isNull(members.phoneSuffixHash))),
    ).toHaveLength(0);
    const rows = await t.deps.db.select({ cipher: members.phoneCipher, suffix: members.phoneSuffixHash }).from(members).where(isNotNull(members.phoneCipher));
    for (const row of rows) expect(row.suffix).toBe(t.deps.phoneCrypto.suffixHash(t.deps.phoneCrypto.decrypt(row.cipher ?? '')));
    expect(inserted).toHaveLength(300);
  });
});
