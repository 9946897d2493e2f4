import { eq } from 'drizzle-orm';
import JSZip from 'jszip';
import type { Response } from 'superagent';
import { UTF8_BOM, parseCsv } from '@siyu/shared';
import { auditLog, channelCodeImages, channelCodes, simWxaDailyQuota, smsLinkRecipients, smsLinks } from '../../db/schema';
import { concurrencyDrivers, testDrivers } from '../../testing/drivers';
import { createStaff, type TestStaff } from '../../testing/fixtures';
import { createTestApp, type TestApp } from '../../testing/test-app';
import { decodeQrPng } from './qr-decode';
import { createBatchDirect, createChannelDirect, createCodeDirect } from './test-factories';

/** supertest: collect a binary body (ZIP) as a Buffer. */
function binary(res: Response, done: (error: Error | null, body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  res.on('data', (chunk: Buffer) => chunks.push(chunk));
  res.on('end', () => done(null, Buffer.concat(chunks)));
}

describe.each(testDrivers())('entry-code images and SMS links (%s)', (driver) => {
  let t: TestApp;
  let owner: TestStaff;
  let operator: TestStaff;
  let analyst: TestStaff;
  let service: TestStaff;
  const shopUrlOf = (scene: string) => `${t.baseUrl}/#/pages/index/index?scene=${encodeURIComponent(scene)}`;
  const phoneOf = (i: number) => `139${String(i).padStart(8, '0')}`;

  beforeAll(async () => {
    t = await createTestApp(driver);
    [owner, operator, analyst, service] = await Promise.all([
      createStaff(t, 'owner'),
      createStaff(t, 'operator'),
      createStaff(t, 'analyst'),
      createStaff(t, 'service'),
    ]);
  });
  afterAll(() => t.close());

  describe('GET /api/admin/channel-codes/:codeId/qrcode.png', () => {
    it('answers a PNG that scans to the H5 shop URL with ?scene=, drawn by WeChat once and cached', async () => {
      const channel = await createChannelDirect(t);
      const code = await createCodeDirect(t, channel.id, { scene: "c=Ab!*'()~x" });
      const before = t.simulator.calls.getUnlimited;
      const res = await t.request().get(`/api/admin/channel-codes/${code.id}/qrcode.png`).set(analyst.auth);
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toBe('image/png');
      expect(decodeQrPng(res.body as Buffer)).toBe(shopUrlOf(code.scene));
      const again = await t.request().get(`/api/admin/channel-codes/${code.id}/qrcode.png`).set(owner.auth);
      expect(Buffer.compare(again.body as Buffer, res.body as Buffer)).toBe(0);
      expect(t.simulator.calls.getUnlimited - before).toBe(1);
      expect(await t.deps.db.select({ scene: channelCodeImages.scene }).from(channelCodeImages).where(eq(channelCodeImages.scene, code.scene))).toHaveLength(1);
    });

    it('answers 404 CHANNEL_CODE_NOT_FOUND for an unknown code, 401 without a token and 403 for the service role', async () => {
      expect((await t.request().get('/api/admin/channel-codes/2147483647/qrcode.png').set(owner.auth)).body.error.code).toBe('CHANNEL_CODE_NOT_FOUND');
      const code = await createCodeDirect(t, (await createChannelDirect(t)).id);
      expect((await t.request().get(`/api/admin/channel-codes/${code.id}/qrcode.png`)).status).toBe(401);
      const forbidden = await t.request().get(`/api/admin/channel-codes/${code.id}/qrcode.png`).set(service.auth);
      expect(forbidden.status).toBe(403);
      expect(forbidden.body.error.code).toBe('FORBIDDEN');
    });

    it('answers 502 WECHAT_QRCODE_REJECTED when WeChat refuses the scene, and caches nothing', async () => {
      const code = await createCodeDirect(t, (await createChannelDirect(t)).id, { scene: 'c=渠道' });
      const res = await t.request().get(`/api/admin/channel-codes/${code.id}/qrcode.png`).set(owner.auth);
      expect(res.status).toBe(502);
      expect(res.body.error).toMatchObject({ code: 'WECHAT_QRCODE_REJECTED', details: { errcode: 40129 } });
      expect(await t.deps.db.select().from(channelCodeImages).where(eq(channelCodeImages.scene, code.scene))).toHaveLength(0);
    });
  });

  describe('GET /api/admin/code-batches/:batchId/qrcodes.zip and sheet.html', () => {
    it('zips one decodable PNG per unit code, named <unitIndex>-<scene>.png; a second download does not call WeChat', async () => {
      const channel = await createChannelDirect(t);
      const { batch, codes } = await createBatchDirect(t, channel.id, 20, '6月包裹卡');
      const before = t.simulator.calls.getUnlimited;
      const res = await t.request().get(`/api/admin/code-batches/${batch.id}/qrcodes.zip`).set(analyst.auth).buffer(true).parse(binary);
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toBe('application/zip');
      expect(t.simulator.calls.getUnlimited - before).toBe(20);
      const zip = await JSZip.loadAsync(res.body as Buffer);
      const names = Object.keys(zip.files);
      expect(names.sort()).toEqual(codes.map((code) => `${code.unitIndex}-${code.scene.replace('=', '_')}.png`).sort());
      for (const code of codes) {
        const png = await zip.file(`${code.unitIndex}-${code.scene.replace('=', '_')}.png`)?.async('nodebuffer');
        expect(png && decodeQrPng(png)).toBe(shopUrlOf(code.scene));
      }
      const again = await t.request().get(`/api/admin/code-batches/${batch.id}/qrcodes.zip`).set(owner.auth).buffer(true).parse(binary);
      expect(Object.keys((await JSZip.loadAsync(again.body as Buffer)).files)).toHaveLength(20);
      expect(t.simulator.calls.getUnlimited - before).toBe(20);
    });

    it('prints every code of the batch on an A4 sheet with its unit number, label and image', async () => {
      const channel = await createChannelDirect(t, { name: '包裹卡 <6月>' });
      const { batch, codes } = await createBatchDirect(t, channel.id, 7, '六月 & 七月');
      const res = await t.request().get(`/api/admin/code-batches/${batch.id}/sheet.html`).set(owner.auth);
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(res.headers['content-security-policy']).toContain("default-src 'none'");
      const html = res.text;
      expect(html).toContain('@page { size: A4 portrait');
      expect(html).toContain('包裹卡 &lt;6月&gt; · 六月 &amp; 七月');
      expect(html.match(/<figure class="card"/g)).toHaveLength(7);
      for (const code of codes) {
        expect(html).toContain(`data-unit="${code.unitIndex}" data-scene="${code.scene}"`);
        expect(html).toContain(`<div class="unit">No. ${code.unitIndex}</div>`);
      }
      const first = /src="data:image\/png;base64,([^"]+)"/.exec(html)?.[1] ?? '';
      expect(decodeQrPng(Buffer.from(first, 'base64'))).toBe(shopUrlOf(codes[0]?.scene ?? ''));
    });

    it('answers 404 CHANNEL_CODE_BATCH_NOT_FOUND for an unknown batch and 403 for the service role', async () => {
      for (const file of ['qrcodes.zip', 'sheet.html']) {
        const res = await t.request().get(`/api/admin/code-batches/2147483647/${file}`).set(owner.auth);
        expect(res.status).toBe(404);
        expect(res.body.error.code).toBe('CHANNEL_CODE_BATCH_NOT_FOUND');
        expect((await t.request().get(`/api/admin/code-batches/1/${file}`).set(service.auth)).status).toBe(403);
      }
    });
  });

  describe('POST /api/admin/channels/:id/sms-links', () => {
    const create = (channelId: number, body: Record<string, unknown>, staff: TestStaff = operator) =>
      t.request().post(`/api/admin/channels/${channelId}/sms-links`).set(staff.auth).send(body);

    it('answers a CSV of phone,link with one unique cq token per distinct phone, stores only phone hashes, and the link opens the code', async () => {
      const channel = await createChannelDirect(t, { kind: 'sms' });
      const code = await createCodeDirect(t, channel.id);
      const phones = ['13800138000', '13900139000', ' 13800138000 ', '13700137000'];
      const res = await create(channel.id, { codeId: code.id, label: '双11召回', phones });
      expect(res.status).toBe(201);
      expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
      expect(res.text.startsWith(UTF8_BOM)).toBe(true);
      const [header, ...rows] = parseCsv(res.text);
      expect(header).toEqual(['phone', 'link']);
      expect(rows.map((row) => row[0])).toEqual(['13800138000', '13900139000', '13700137000']);
      const urlLink = res.headers['x-url-link'] as string;
      const tokens = rows.map((row) => {
        const [link, cq] = (row[1] ?? '').split('?cq=');
        expect(link).toBe(urlLink);
        return cq ?? '';
      });
      expect(tokens.every((token) => /^[0-9A-Za-z]{10}$/.test(token))).toBe(true);
      expect(new Set(tokens).size).toBe(3);

      const smsLinkId = Number(res.headers['x-sms-link-id']);
      const stored = await t.deps.db.select().from(smsLinkRecipients).where(eq(smsLinkRecipients.smsLinkId, smsLinkId));
      expect(stored.map((r) => [r.token, r.phoneHash]).sort()).toEqual(rows.map((row, i) => [tokens[i], t.deps.phoneCrypto.hash(row[0] ?? '')]).sort());
      const [link] = await t.deps.db.select().from(smsLinks).where(eq(smsLinks.id, smsLinkId));
      expect(link).toMatchObject({ channelId: channel.id, codeId: code.id, label: '双11召回', urlLink });
      expect(link?.expiresAt.getTime()).toBe(t.clock.now().getTime() - (t.clock.now().getTime() - (link?.createdAt.getTime() ?? 0)) + 30 * 86_400_000);

      const opened = await t.simulator.resolveUrlLink(urlLink.split('/').pop() ?? '', tokens[0]);
      expect(opened).toMatchObject({ path: 'pages/index/index', query: `scene=${encodeURIComponent(code.scene)}` });
      expect(opened?.h5Url).toBe(`${shopUrlOf(code.scene)}&cq=${tokens[0]}`);

      const [audit] = await t.deps.db
        .select()
        .from(auditLog)
        .where(eq(auditLog.targetId, String(smsLinkId)));
      expect(audit).toMatchObject({ action: 'sms_link.create', targetType: 'sms_link', staffId: operator.id });
      expect(JSON.stringify(audit?.after)).not.toContain('13800138000');
      expect(audit?.after).toMatchObject({ recipients: 3, urlLink });
    });

    it('takes 20,000 phones in one request (above the default body limit)', async () => {
      const channel = await createChannelDirect(t, { kind: 'sms' });
      const code = await createCodeDirect(t, channel.id);
      const phones = Array.from({ length: 20_000 }, (_, i) => phoneOf(i));
      const res = await create(channel.id, { codeId: code.id, phones });
      expect(res.status).toBe(201);
      const rows = parseCsv(res.text).slice(1);
      expect(rows).toHaveLength(20_000);
      expect(new Set(rows.map((row) => row[1])).size).toBe(20_000);
      const stored = await t.deps.db
        .select({ token: smsLinkRecipients.token })
        .from(smsLinkRecipients)
        .where(eq(smsLinkRecipients.smsLinkId, Number(res.headers['x-sms-link-id'])));
      expect(stored).toHaveLength(20_000);
    }, 60_000);

    it('refuses bad phones, a code of another channel, a retired code and an archived channel, writing nothing', async () => {
      const channel = await createChannelDirect(t, { kind: 'sms' });
      const code = await createCodeDirect(t, channel.id);
      const other = await createCodeDirect(t, (await createChannelDirect(t)).id);
      const retired = await createCodeDirect(t, channel.id, { status: 'retired' });
      const archived = await createChannelDirect(t, { status: 'archived' });
      const archivedCode = await createCodeDirect(t, archived.id);
      const linksBefore = (await t.deps.db.select({ id: smsLinks.id }).from(smsLinks)).length;
      const simBefore = t.simulator.calls.generateUrlLink;

      const bad = await create(channel.id, { codeId: code.id, phones: ['13800138000', '1380013800', 'x'] });
      expect(bad.status).toBe(400);
      expect(bad.body.error.code).toBe('VALIDATION_FAILED');
      expect(bad.body.error.details.issues.map((issue: { field: string }) => issue.field)).toEqual(['body.phones.1', 'body.phones.2']);
      expect((await create(channel.id, { codeId: code.id, phones: [] })).body.error.code).toBe('VALIDATION_FAILED');
      expect((await create(channel.id, { codeId: other.id, phones: ['13800138000'] })).body.error.code).toBe('CHANNEL_CODE_NOT_FOUND');
      expect((await create(channel.id, { codeId: retired.id, phones: ['13800138000'] })).body.error.code).toBe('CHANNEL_CODE_RETIRED');
      expect((await create(archived.id, { codeId: archivedCode.id, phones: ['13800138000'] })).body.error.code).toBe('CHANNEL_ARCHIVED');
      expect((await create(2147483647, { codeId: code.id, phones: ['13800138000'] })).body.error.code).toBe('CHANNEL_NOT_FOUND');
      const forbidden = await create(channel.id, { codeId: code.id, phones: ['13800138000'] }, analyst);
      expect(forbidden.status).toBe(403);

      expect((await t.deps.db.select({ id: smsLinks.id }).from(smsLinks)).length).toBe(linksBefore);
      expect(t.simulator.calls.generateUrlLink).toBe(simBefore);
      await t.deps.db.update(channelCodes).set({ status: 'active' }).where(eq(channelCodes.id, retired.id));
    });

    it("answers 429 WECHAT_URL_LINK_QUOTA_EXCEEDED once WeChat's daily link quota is used up, writing nothing", async () => {
      const channel = await createChannelDirect(t, { kind: 'sms' });
      const code = await createCodeDirect(t, channel.id);
      const day = new Date(t.clock.now().getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
      await t.deps.db
        .insert(simWxaDailyQuota)
        .values({ appid: t.deps.config.wechat.appid, day, used: 500_000 })
        .onConflictDoUpdate({ target: [simWxaDailyQuota.appid, simWxaDailyQuota.day], set: { used: 500_000 } });
      const linksBefore = (await t.deps.db.select({ id: smsLinks.id }).from(smsLinks)).length;
      const res = await create(channel.id, { codeId: code.id, phones: ['13800138000'] });
      expect(res.status).toBe(429);
      expect(res.body.error).toMatchObject({ code: 'WECHAT_URL_LINK_QUOTA_EXCEEDED', details: { errcode: 45009 } });
      expect((await t.deps.db.select({ id: smsLinks.id }).from(smsLinks)).length).toBe(linksBefore);
      await t.deps.db.delete(simWxaDailyQuota).where(eq(simWxaDailyQuota.day, day));
    });
  });
});

describe.each(concurrencyDrivers())('entry-code images under concurrency (%s)', (driver) => {
  let t: TestApp;
  let owner: TestStaff;
  beforeAll(async () => {
    t = await createTestApp(driver);
    owner = await createStaff(t, 'owner');
  });
  afterAll(() => t.close());

  it('serves 8 parallel first downloads of one code the same image and keeps one cache row', async () => {
    const code = await createCodeDirect(t, (await createChannelDirect(t)).id);
    const responses = await Promise.all(Array.from({ length: 8 }, () => t.request().get(`/api/admin/channel-codes/${code.id}/qrcode.png`).set(owner.auth)));
    expect(responses.map((res) => res.status)).toEqual(Array(8).fill(200));
    for (const res of responses) expect(decodeQrPng(res.body as Buffer)).toBe(`${t.baseUrl}/#/pages/index/index?scene=${encodeURIComponent(code.scene)}`);
    expect(await t.deps.db.select({ scene: channelCodeImages.scene }).from(channelCodeImages).where(eq(channelCodeImages.scene, code.scene))).toHaveLength(1);
  });
});
