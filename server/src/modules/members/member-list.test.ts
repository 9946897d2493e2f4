import crypto from 'node:crypto';
import { eq } from 'drizzle-orm';
import { members } from '../../db/schema';
import { testDrivers } from '../../testing/drivers';
import { createStaff, type TestStaff } from '../../testing/fixtures';
import { createTestApp, type TestApp } from '../../testing/test-app';
import { attribute, insertChannel, insertFacts, insertMember, insertTag, tagMember } from '../member-360/test-factories';
import { backfillPhoneSuffixHashes } from './phone-suffix';

interface Row {
  id: number;
  nickname: string;
  phoneMasked: string | null;
  paidOrders: number;
  netPaidFen: number;
  aovFen: number;
  lastPaidAt: string | null;
  lifecycle: string;
  rfmCell: string | null;
  tags: { id: number; name: string; color: string | null }[];
  firstChannel: { id: number; name: string } | null;
  createdAt: string;
}

const DAY = 86_400_000;

describe.each(testDrivers())('member list on %s', (driver) => {
  let t: TestApp;
  let analyst: TestStaff;
  beforeAll(async () => {
    t = await createTestApp(driver);
    analyst = await createStaff(t, 'analyst');
  });
  afterAll(() => t.close());

  const list = (query: Record<string, unknown>, staff: TestStaff = analyst) => t.request().get('/api/admin/members').query(query).set(staff.auth);

  /** Every page of a query, following nextCursor. */
  async function allPages(query: Record<string, unknown>): Promise<Row[]> {
    const rows: Row[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < 50; page += 1) {
      const res = await list({ ...query, ...(cursor ? { cursor } : {}) });
      expect(res.status).toBe(200);
      rows.push(...(res.body.items as Row[]));
      if (!res.body.nextCursor) return rows;
      cursor = res.body.nextCursor as string;
    }
    throw new Error('too many pages');
  }

  describe('partial phone search (?phoneSuffix)', () => {
    it('finds every member whose phone ends in the 4 digits, through the keyed suffix hash, masked only', async () => {
      const a = await insertMember(t, { phone: '13800004321' });
      const b = await insertMember(t, { phone: '13999994321' });
      const c = await insertMember(t, { phone: '13700001234' });
      const res = await list({ phoneSuffix: '4321', limit: 100 });
      expect(res.status).toBe(200);
      const ids = (res.body.items as Row[]).map((row) => row.id);
      expect(ids).toEqual(expect.arrayContaining([a.id, b.id]));
      expect(ids).not.toContain(c.id);
      expect(res.body.items.find((row: Row) => row.id === a.id).phoneMasked).toBe('138****4321');
      expect(JSON.stringify(res.body)).not.toMatch(/13800004321|13999994321/);
      const [stored] = await t.deps.db.select().from(members).where(eq(members.id, a.id));
      expect(stored?.phoneSuffixHash).toBe(t.deps.phoneCrypto.suffixHash('4321'));
      // A distinct key: the suffix hash is not the full-number hash of anything guessable from it.
      expect(stored?.phoneSuffixHash).not.toBe(t.deps.phoneCrypto.hash('4321'));
      expect(JSON.stringify(stored)).not.toContain('4321');
    });

    it('refuses anything but exactly 4 digits with 400 VALIDATION_FAILED', async () => {
      for (const bad of ['123', '12345', '12a4', '']) {
        const res = await list({ phoneSuffix: bad });
        expect([bad, res.status, res.body.error?.code]).toEqual([bad, 400, 'VALIDATION_FAILED']);
      }
    });

    it('finds a member who bound the phone through /api/me/phone', async () => {
      const { code } = await t.simulator.mintPhoneCode('suffix-bind', '13512348765');
      const { code: login } = await t.simulator.mintLoginCode('suffix-bind');
      const auth = await t.request().post('/api/auth/wechat').send({ code: login });
      const bound = await t
        .request()
        .post('/api/me/phone')
        .set({ Authorization: `Bearer ${auth.body.accessToken}` })
        .send({ code });
      expect(bound.status).toBe(200);
      const res = await list({ phoneSuffix: '8765' });
      expect((res.body.items as Row[]).map((row) => row.id)).toContain(auth.body.member.id);
    });

    it('backfills the suffix hash of phones stored before it, once (idempotent)', async () => {
      const old = await insertMember(t, { phone: '13600005555' });
      await t.deps.db.update(members).set({ phoneSuffixHash: null }).where(eq(members.id, old.id));
      expect((await list({ phoneSuffix: '5555' })).body.items.map((row: Row) => row.id)).not.toContain(old.id);
      const written = await backfillPhoneSuffixHashes(t.deps.db, t.deps.phoneCrypto, 2);
      expect(written).toBeGreaterThanOrEqual(1);
      expect((await list({ phoneSuffix: '5555' })).body.items.map((row: Row) => row.id)).toContain(old.id);
      expect(await backfillPhoneSuffixHashes(t.deps.db, t.deps.phoneCrypto)).toBe(0);
    });
  });

  describe('columns, filters, sorts and paging', () => {
    const tagName = `tag${crypto.randomBytes(3).toString('hex')}`;
    const prefix = `ls${crypto.randomBytes(3).toString('hex')}`;
    let ids: number[];
    let tagId: number;
    let archivedTagId: number;
    let channelId: number;
    const base = new Date('2026-11-01T00:00:00.000Z');

    beforeAll(async () => {
      tagId = await insertTag(t, { name: tagName });
      archivedTagId = await insertTag(t, { status: 'archived' });
      channelId = await insertChannel(t, '包裹卡 列表');
      ids = [];
      // Seven members; ties in net paid, paid orders, last paid and sign-up time; two never paid (one without a facts row).
      const spec = [
        { net: 50_000, orders: 5, last: 1, created: 0, cell: '111', stage: 'active' },
        { net: 30_000, orders: 2, last: 3, created: 0, cell: '011', stage: 'silent' },
        { net: 30_000, orders: 2, last: 3, created: 1, cell: '011', stage: 'silent' },
        { net: 30_000, orders: 3, last: 200, created: 2, cell: '001', stage: 'at_risk' },
        { net: 9_900, orders: 1, last: 10, created: 2, cell: '100', stage: 'new' },
        { net: 0, orders: 0, last: null, created: 3, cell: null, stage: 'prospect' },
        null,
      ];
      for (const [index, s] of spec.entries()) {
        const member = await insertMember(t, { nickname: `${prefix}-${index}`, createdAt: new Date(base.getTime() + (s?.created ?? 4) * DAY) });
        ids.push(member.id);
        if (s)
          await insertFacts(t, member.id, {
            netPaidFen: s.net,
            paidOrders: s.orders,
            aovFen: s.orders ? Math.floor(s.net / s.orders) : 0,
            lastPaidAt: s.last === null ? null : new Date(base.getTime() - s.last * DAY),
            rfmCell: s.cell,
            lifecycle: s.stage,
          });
      }
      await tagMember(t, ids[0] ?? 0, tagId);
      await tagMember(t, ids[2] ?? 0, tagId);
      await tagMember(t, ids[2] ?? 0, archivedTagId);
      await attribute(t, ids[1] ?? 0, channelId);
      await attribute(t, ids[4] ?? 0, channelId);
    });

    it('shows spend, orders, last purchase, lifecycle, RFM cell, active tags and the source', async () => {
      const rows = await allPages({ q: prefix, limit: 100 });
      expect(rows).toHaveLength(7);
      const byId = new Map(rows.map((row) => [row.id, row]));
      expect(byId.get(ids[0] ?? 0)).toMatchObject({
        paidOrders: 5,
        netPaidFen: 50_000,
        aovFen: 10_000,
        lifecycle: 'active',
        rfmCell: '111',
        firstChannel: null,
      });
      expect(byId.get(ids[0] ?? 0)?.tags).toEqual([{ id: tagId, name: tagName, color: '#f50' }]);
      expect(byId.get(ids[2] ?? 0)?.tags.map((tag) => tag.id)).toEqual([tagId]);
      expect(byId.get(ids[1] ?? 0)?.firstChannel).toEqual({ id: channelId, name: '包裹卡 列表' });
      expect(byId.get(ids[6] ?? 0)).toMatchObject({
        paidOrders: 0,
        netPaidFen: 0,
        aovFen: 0,
        lastPaidAt: null,
        lifecycle: 'prospect',
        rfmCell: null,
        tags: [],
      });
      expect(byId.get(ids[0] ?? 0)?.lastPaidAt).toBe(new Date(base.getTime() - DAY).toISOString());
    });

    it.each([
      ['lifecycle', { lifecycle: 'silent' }, [1, 2]],
      ['lifecycle prospect (with and without a facts row)', { lifecycle: 'prospect' }, [5, 6]],
      ['rfmCell', { rfmCell: '011' }, [1, 2]],
      ['tagId', { tagId: 'TAG' }, [0, 2]],
      ['an archived tag matches nobody', { tagId: 'ARCHIVED' }, []],
      ['an unknown tag matches nobody', { tagId: 999_999 }, []],
      ['channelId', { channelId: 'CHANNEL' }, [1, 4]],
      ['an unknown channel matches nobody', { channelId: 999_999 }, []],
      ['spend range', { minNetPaidFen: 9_900, maxNetPaidFen: 30_000 }, [1, 2, 3, 4]],
      ['min spend only', { minNetPaidFen: 30_001 }, [0]],
      ['max spend 0 includes members without facts', { maxNetPaidFen: 0 }, [5, 6]],
      ['combined', { rfmCell: '011', tagId: 'TAG' }, [2]],
    ])('filters by %s', async (_name, filter, expected) => {
      const query: Record<string, unknown> = { ...filter, q: prefix, limit: 100 };
      if (query.tagId === 'TAG') query.tagId = tagId;
      if (query.tagId === 'ARCHIVED') query.tagId = archivedTagId;
      if (query.channelId === 'CHANNEL') query.channelId = channelId;
      const rows = await allPages(query);
      expect(rows.map((row) => row.id).sort((a, b) => a - b)).toEqual(expected.map((index) => ids[index]).sort((a, b) => (a ?? 0) - (b ?? 0)));
    });

    it('refuses malformed filters with 400', async () => {
      for (const bad of [
        { lifecycle: 'sleepy' },
        { rfmCell: '112' },
        { tagId: '0' },
        { channelId: 'x' },
        { minNetPaidFen: '-1' },
        { maxNetPaidFen: '1.5' },
        { sort: 'nickname' },
        { order: 'up' },
        { tierCode: 'iron' },
      ]) {
        const res = await list(bad);
        expect([bad, res.status, res.body.error?.code]).toEqual([bad, 400, 'VALIDATION_FAILED']);
      }
    });

    /** The expected order: sort value (nulls last in both directions), ties by id in the same direction. */
    function expectedOrder(rows: Row[], key: (row: Row) => number | null, asc: boolean): number[] {
      return [...rows]
        .sort((a, b) => {
          const [va, vb] = [key(a), key(b)];
          if (va === null || vb === null) return va === vb ? (asc ? a.id - b.id : b.id - a.id) : va === null ? 1 : -1;
          if (va !== vb) return asc ? va - vb : vb - va;
          return asc ? a.id - b.id : b.id - a.id;
        })
        .map((row) => row.id);
    }

    const KEYS: Record<string, (row: Row) => number | null> = {
      createdAt: (row) => Date.parse(row.createdAt),
      lastPaidAt: (row) => (row.lastPaidAt === null ? null : Date.parse(row.lastPaidAt)),
      netPaidFen: (row) => row.netPaidFen,
      paidOrders: (row) => row.paidOrders,
    };

    it.each(['createdAt', 'lastPaidAt', 'netPaidFen', 'paidOrders'].flatMap((sort) => [[sort, 'asc'] as const, [sort, 'desc'] as const]))(
      'sorts by %s %s and pages 2 by 2 across ties without gaps or repeats',
      async (sort, order) => {
        const everything = await allPages({ q: prefix, limit: 100 });
        const paged = await allPages({ q: prefix, sort, order, limit: 2 });
        expect(paged.map((row) => row.id)).toEqual(expectedOrder(everything, KEYS[sort] ?? (() => null), order === 'asc'));
        const single = await allPages({ q: prefix, sort, order, limit: 1 });
        expect(single.map((row) => row.id)).toEqual(paged.map((row) => row.id));
      },
    );

    it('answers INVALID_CURSOR for a forged cursor', async () => {
      for (const cursor of [
        Buffer.from('[2,0,1]').toString('base64url'),
        Buffer.from('[0,"x",1]').toString('base64url'),
        Buffer.from('[0,1]').toString('base64url'),
      ]) {
        const res = await list({ q: prefix, sort: 'lastPaidAt', cursor });
        expect([res.status, res.body.error?.code]).toEqual([400, 'INVALID_CURSOR']);
      }
    });
  });
});
