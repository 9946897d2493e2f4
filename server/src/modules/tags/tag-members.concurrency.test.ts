import { concurrencyDrivers } from '../../testing/drivers';
import { createStaff, type TestStaff } from '../../testing/fixtures';
import { createTestApp, type TestApp } from '../../testing/test-app';
import { createManualTag, insertMembers, membersOfTag } from './test-factories';

/** Only a PostgreSQL server runs transactions in parallel; PGlite would serialize them. */
describe.each(concurrencyDrivers())('tag members under concurrency on %s', (driver) => {
  let t: TestApp;
  let owner: TestStaff;
  beforeAll(async () => {
    t = await createTestApp(driver, { poolSize: 20 });
    owner = await createStaff(t, 'owner');
  });
  afterAll(() => t.close());

  it('20 parallel adds of overlapping member sets: each member tagged once, added + already exact', async () => {
    const tag = await createManualTag(t, owner);
    const ids = await insertMembers(t, 300);
    // Request i adds members [10·i, 10·i + 100): neighbours overlap by 90 members.
    const batches = Array.from({ length: 20 }, (_, i) => ids.slice(i * 10, i * 10 + 100));
    const results = await Promise.all(batches.map((memberIds) => t.request().post(`/api/admin/tags/${tag.id}/members`).set(owner.auth).send({ memberIds })));
    expect(results.map((res) => res.status)).toEqual(batches.map(() => 200));
    const union = [...new Set(batches.flat())].sort((a, b) => a - b);
    const added = results.reduce((sum, res) => sum + (res.body as { added: number }).added, 0);
    const already = results.reduce((sum, res) => sum + (res.body as { already: number }).already, 0);
    expect(added).toBe(union.length);
    expect(added + already).toBe(batches.flat().length);
    expect(await membersOfTag(t, tag.id)).toEqual(union);
  });

  it('an archive racing parallel adds: afterwards the tag has no members and every add either counted or was refused', async () => {
    const tag = await createManualTag(t, owner);
    const ids = await insertMembers(t, 50);
    const adds = Array.from({ length: 10 }, (_, i) =>
      t
        .request()
        .post(`/api/admin/tags/${tag.id}/members`)
        .set(owner.auth)
        .send({ memberIds: ids.slice(i * 5, i * 5 + 5) }),
    );
    const archive = t.request().post(`/api/admin/tags/${tag.id}/archive`).set(owner.auth);
    const [archived, ...results] = await Promise.all([archive, ...adds]);
    expect(archived.status).toBe(200);
    for (const res of results) expect([200, 409]).toContain(res.status);
    expect(await membersOfTag(t, tag.id)).toEqual([]);
  });
});
