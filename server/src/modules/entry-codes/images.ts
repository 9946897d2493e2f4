import { Readable } from 'node:stream';
import archiver from 'archiver';
import type { ServiceContext } from '../../context';
import { AppError } from '../../lib/errors';
import { WechatApiError, type WechatClient } from '../../wechat/client';
import { batchCodesPage, cachedImages, findBatch, findCode, storeImage, type BatchRow, type CodeRow } from './repo';

/** The page a scanned code opens; it reads `decodeURIComponent(query.scene)`. */
export const ENTRY_PAGE = 'pages/index/index';
/** Width of the drawn codes in px (WeChat's default): ~3.6 cm at 300 dpi, enough for a parcel card. */
export const QR_WIDTH = 430;
/** At most this many getwxacodeunlimit calls in flight (WeChat allows 5,000 a minute per mini-program). */
const WECHAT_CONCURRENCY = 4;
/** Codes read (and drawn) per round when a batch is walked. */
const PAGE_SIZE = 200;

/** Runs `work` over `items`, at most `limit` at once; the first failure rejects (the others finish). */
async function forEachBounded<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const item = items[next] as T;
      next += 1;
      await work(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

async function drawCode(wechat: WechatClient, scene: string): Promise<Buffer> {
  try {
    return await wechat.getUnlimitedQrCode({ scene, page: ENTRY_PAGE, width: QR_WIDTH });
  } catch (error) {
    if (error instanceof WechatApiError) throw new AppError('WECHAT_QRCODE_REJECTED', undefined, { errcode: error.errcode });
    throw error;
  }
}

/**
 * The PNGs of `scenes`: from the cache, the missing ones drawn by WeChat (bounded concurrency) and cached,
 * so a code is drawn once whatever is downloaded later. Never inside a transaction (HTTP to WeChat).
 */
async function imagesOf(sc: ServiceContext, wechat: WechatClient, scenes: string[]): Promise<Map<string, Buffer>> {
  const images = await cachedImages(sc.db, scenes);
  const missing = scenes.filter((scene) => !images.has(scene));
  await forEachBounded(missing, WECHAT_CONCURRENCY, async (scene) => {
    const png = await drawCode(wechat, scene);
    await storeImage(sc.db, scene, QR_WIDTH, png);
    images.set(scene, png);
  });
  return images;
}

/** A file-name-safe form of a scene (`c=K7p2Qx` → `c_K7p2Qx`). */
export function sceneFileName(scene: string): string {
  return scene.replace(/[^0-9A-Za-z._-]/g, '_');
}

/** GET /api/admin/channel-codes/:codeId/qrcode.png: the code's mini-program code (drawn once, then cached). */
export async function codeImage(sc: ServiceContext, wechat: WechatClient, codeId: number): Promise<{ png: Buffer; fileName: string }> {
  const found = await findCode(sc.db, codeId);
  if (!found) throw new AppError('CHANNEL_CODE_NOT_FOUND');
  const { scene } = found.code;
  const png = (await imagesOf(sc, wechat, [scene])).get(scene);
  if (!png) throw new Error(`no image for scene ${scene}`);
  return { png, fileName: `code-${codeId}-${sceneFileName(scene)}.png` };
}

/**
 * A batch, with every code's image drawn and cached before anything is sent: a WeChat failure is then a
 * clean 502 with a code, not a cut ZIP; the download itself streams from the cache.
 */
export async function prepareBatch(sc: ServiceContext, wechat: WechatClient, batchId: number): Promise<{ batch: BatchRow; channelName: string }> {
  const found = await findBatch(sc.db, batchId);
  if (!found) throw new AppError('CHANNEL_CODE_BATCH_NOT_FOUND');
  for await (const codes of batchPages(sc, batchId)) {
    await imagesOf(
      sc,
      wechat,
      codes.map((code) => code.scene),
    );
  }
  return found;
}

/** The batch's codes in unit order, a page at a time. */
export async function* batchPages(sc: ServiceContext, batchId: number): AsyncGenerator<CodeRow[]> {
  let afterUnit = 0;
  for (;;) {
    const codes = await batchCodesPage(sc.db, batchId, afterUnit, PAGE_SIZE);
    if (codes.length === 0) return;
    yield codes;
    afterUnit = codes.at(-1)?.unitIndex ?? Number.MAX_SAFE_INTEGER;
  }
}

/** The batch's codes with their cached PNGs, a page at a time (call `prepareBatch` first). */
export async function* batchImages(sc: ServiceContext, batchId: number): AsyncGenerator<{ code: CodeRow; png: Buffer }[]> {
  for await (const codes of batchPages(sc, batchId)) {
    const images = await cachedImages(
      sc.db,
      codes.map((code) => code.scene),
    );
    yield codes.map((code) => {
      const png = images.get(code.scene);
      if (!png) throw new Error(`image of ${code.scene} left the cache`);
      return { code, png };
    });
  }
}

/** GET /api/admin/code-batches/:batchId/qrcodes.zip: one `<unitIndex>-<scene>.png` per code, streamed. */
export function batchZip(sc: ServiceContext, batchId: number): Readable {
  // PNGs are compressed already: stored, not deflated again.
  const archive = archiver('zip', { store: true });
  const pump = async () => {
    for await (const page of batchImages(sc, batchId)) {
      for (const { code, png } of page) archive.append(png, { name: `${code.unitIndex ?? code.id}-${sceneFileName(code.scene)}.png`, date: code.createdAt });
    }
    await archive.finalize();
  };
  pump().catch((error: unknown) => archive.destroy(error instanceof Error ? error : new Error(String(error))));
  return archive;
}
