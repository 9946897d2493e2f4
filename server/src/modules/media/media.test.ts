import { eq } from 'drizzle-orm';
import sharp from 'sharp';
import { auditLog, media } from '../../db/schema';
import { testDrivers } from '../../testing/drivers';
import { createStaff, loginMember, type TestStaff } from '../../testing/fixtures';
import { createTestApp, type TestApp } from '../../testing/test-app';
import { createProduct } from '../catalog/test-factories';

/** A real image of `format`, different on every call (random pixels), so each test owns its rows. */
async function realImage(format: 'png' | 'jpeg', width = 640, height = 480): Promise<Buffer> {
  const noise = Buffer.alloc(width * height * 3);
  for (let i = 0; i < noise.length; i += 1) noise[i] = Math.floor(Math.random() * 256);
  const image = sharp(noise, { raw: { width, height, channels: 3 } });
  return format === 'png' ? image.png().toBuffer() : image.jpeg({ quality: 80 }).toBuffer();
}

describe.each(testDrivers())('media library on %s', (driver) => {
  let t: TestApp;
  let owner: TestStaff;
  beforeAll(async () => {
    t = await createTestApp(driver);
    owner = await createStaff(t, 'owner');
  });
  afterAll(() => t.close());

  const upload = (auth: TestStaff, bytes: Buffer, filename: string, contentType: string) =>
    t.request().post('/api/admin/media').set(auth.auth).attach('file', bytes, { filename, contentType });

  describe('POST /api/admin/media', () => {
    it.each(['png', 'jpeg'] as const)('stores a real %s with its WebP variants, audited', async (format) => {
      const bytes = await realImage(format);
      const res = await upload(owner, bytes, `photo.${format}`, `image/${format}`);
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ format, width: 640, height: 480, bytes: bytes.length, originalName: `photo.${format}` });
      expect(res.body.url).toMatch(/^\/media\/[0-9a-f]{32}\.(png|jpg)$/);
      const original = await t.request().get(res.body.url);
      expect(original.status).toBe(200);
      expect(original.headers['content-type']).toBe(format === 'png' ? 'image/png' : 'image/jpeg');
      expect(Buffer.compare(original.body as Buffer, bytes)).toBe(0);
      for (const [url, side] of [
        [res.body.webpUrl, 640],
        [res.body.thumbUrl, 360],
      ] as const) {
        const variant = await t.request().get(url);
        expect(variant.status).toBe(200);
        expect(variant.headers['content-type']).toBe('image/webp');
        expect(variant.headers['cache-control']).toBe('public, max-age=31536000, immutable');
        const meta = await sharp(variant.body as Buffer).metadata();
        expect(meta.format).toBe('webp');
        expect(meta.width).toBe(side);
      }
      const audits = await t.deps.db
        .select()
        .from(auditLog)
        .where(eq(auditLog.targetId, String(res.body.id)));
      expect(audits.map((row) => row.action)).toContain('media.upload');
    });

    it('answers the same item for the same bytes (one row per image)', async () => {
      const bytes = await realImage('png', 32, 32);
      const first = await upload(owner, bytes, 'a.png', 'image/png');
      const second = await upload(owner, bytes, 'b.png', 'image/png');
      expect(second.status).toBe(201);
      expect(second.body.id).toBe(first.body.id);
      expect(
        await t.deps.db
          .select()
          .from(media)
          .where(eq(media.hash, first.body.url.slice(7, 39))),
      ).toHaveLength(1);
    });

    it('refuses a text file that claims to be a PNG with MEDIA_NOT_IMAGE, storing nothing', async () => {
      const before = (await t.deps.db.select().from(media)).length;
      const res = await upload(owner, Buffer.from('this is not an image at all\n'.repeat(20)), 'fake.png', 'image/png');
      expect(res.status).toBe(415);
      expect(res.body.error.code).toBe('MEDIA_NOT_IMAGE');
      expect(await t.deps.db.select().from(media)).toHaveLength(before);
    });

    it('refuses an SVG (script-capable, not a raster image) with MEDIA_NOT_IMAGE', async () => {
      const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>');
      const res = await upload(owner, svg, 'logo.png', 'image/png');
      expect(res.status).toBe(415);
      expect(res.body.error.code).toBe('MEDIA_NOT_IMAGE');
    });

    it('refuses a file over MEDIA_MAX_BYTES with 413 MEDIA_TOO_LARGE', async () => {
      const small = await createTestApp(driver, { env: { MEDIA_MAX_BYTES: '2048' } });
      try {
        const smallOwner = await createStaff(small, 'owner');
        const res = await small
          .request()
          .post('/api/admin/media')
          .set(smallOwner.auth)
          .attach('file', await realImage('png', 200, 200), { filename: 'big.png', contentType: 'image/png' });
        expect(res.status).toBe(413);
        expect(res.body.error.code).toBe('MEDIA_TOO_LARGE');
      } finally {
        await small.close();
      }
    });

    it('answers MEDIA_FILE_MISSING without a file field, and for a JSON body', async () => {
      const noFile = await t.request().post('/api/admin/media').set(owner.auth).field('name', 'x');
      expect(noFile.status).toBe(400);
      expect(noFile.body.error.code).toBe('MEDIA_FILE_MISSING');
      const json = await t.request().post('/api/admin/media').set(owner.auth).send({ file: 'x' });
      expect(json.body.error.code).toBe('MEDIA_FILE_MISSING');
    });

    it.each(['analyst', 'service'] as const)('is refused to the %s (catalog:write) and to members', async (role) => {
      const staff = await createStaff(t, role);
      const res = await upload(staff, await realImage('png', 16, 16), 'x.png', 'image/png');
      expect(res.status).toBe(403);
      expect(res.body.error.code).toBe('FORBIDDEN');
      const member = await loginMember(t);
      const asMember = await t
        .request()
        .post('/api/admin/media')
        .set(member.auth)
        .attach('file', await realImage('png', 16, 16), { filename: 'x.png', contentType: 'image/png' });
      expect(asMember.status).toBe(401);
    });
  });

  describe('GET /api/admin/media', () => {
    it('lists newest first with a cursor, for catalog readers', async () => {
      const a = await upload(owner, await realImage('png', 20, 20), 'a.png', 'image/png');
      const b = await upload(owner, await realImage('jpeg', 20, 20), 'b.jpg', 'image/jpeg');
      const analyst = await createStaff(t, 'analyst');
      const page = await t.request().get('/api/admin/media?limit=1').set(analyst.auth);
      expect(page.status).toBe(200);
      expect(page.body.items.map((item: { id: number }) => item.id)).toEqual([b.body.id]);
      const next = await t.request().get(`/api/admin/media?limit=1&cursor=${page.body.nextCursor}`).set(analyst.auth);
      expect(next.body.items.map((item: { id: number }) => item.id)).toEqual([a.body.id]);
    });
  });

  describe('DELETE /api/admin/media/:id', () => {
    it('removes an unused image and its files, audited', async () => {
      const item = (await upload(owner, await realImage('png', 24, 24), 'a.png', 'image/png')).body;
      const res = await t.request().delete(`/api/admin/media/${item.id}`).set(owner.auth);
      expect(res.status).toBe(204);
      expect((await t.request().get(item.url)).status).toBe(404);
      expect((await t.request().get(item.thumbUrl)).body.error.code).toBe('MEDIA_NOT_FOUND');
      const audits = await t.deps.db
        .select()
        .from(auditLog)
        .where(eq(auditLog.targetId, String(item.id)));
      expect(audits.map((row) => row.action)).toContain('media.delete');
    });

    it('refuses an image a product shows with MEDIA_IN_USE, and a missing one with MEDIA_NOT_FOUND', async () => {
      const item = (await upload(owner, await realImage('jpeg', 24, 24), 'a.jpg', 'image/jpeg')).body;
      await createProduct(t, owner.auth, { images: [item.url] });
      const res = await t.request().delete(`/api/admin/media/${item.id}`).set(owner.auth);
      expect(res.status).toBe(409);
      expect(res.body.error.code).toBe('MEDIA_IN_USE');
      expect((await t.request().get(item.url)).status).toBe(200);
      const missing = await t.request().delete('/api/admin/media/2147483647').set(owner.auth);
      expect(missing.body.error.code).toBe('MEDIA_NOT_FOUND');
    });

    it('is refused to a role without catalog:write', async () => {
      const item = (await upload(owner, await realImage('png', 12, 12), 'a.png', 'image/png')).body;
      const analyst = await createStaff(t, 'analyst');
      const res = await t.request().delete(`/api/admin/media/${item.id}`).set(analyst.auth);
      expect(res.status).toBe(403);
    });
  });

  describe('GET /media/:file', () => {
    it('answers a coded 400 for a name the library never makes and 404 for an unknown hash', async () => {
      expect((await t.request().get('/media/..%2Fsecrets.json')).status).toBe(400);
      const unknown = await t.request().get(`/media/${'0'.repeat(32)}.png`);
      expect(unknown.status).toBe(404);
      expect(unknown.body.error.code).toBe('MEDIA_NOT_FOUND');
    });
  });
});
