import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { buildMediaFiles, mediaFileName, mediaUrl, probeImage, type ProbedImage } from '../modules/media/images';
import type { MediaStorage } from '../modules/media';
import { DEMO_CATALOG, type DemoProduct } from './demo-catalog';
import { packshotSvg, sellingPointsSvg, type PackShape, type Palette, type PackshotSpec } from './packshots';

const RENDER_CONCURRENCY = 4;

/** One generated picture, ready to be a media row. */
export interface DemoImage extends ProbedImage {
  bytes: number;
  originalName: string;
  url: string;
}

/** Package shapes by product; anything not listed takes its top category's default. */
const SHAPE_OF: Record<string, PackShape> = {
  'lowfat-milk-12': 'carton',
  'lowfat-milk-trial': 'carton',
  'skim-milk-1l': 'bottle',
  'greek-yogurt': 'cup',
  'yogurt-trial': 'cup',
  'probiotic-yogurt': 'bottle',
  'oat-milk-barista': 'carton',
  'soy-powder': 'pouch',
  'coconut-water': 'bottle',
  'wholewheat-toast': 'loaf',
  'rye-bagel': 'loaf',
  'soda-crackers': 'box',
  'whey-protein': 'jar',
  'plant-protein': 'jar',
  'protein-bar': 'box',
  'birds-nest': 'jar',
  'sesame-balls': 'jar',
  'jujube-tea': 'box',
  'dish-soap': 'bottle',
  'hand-wash': 'bottle',
  'kitchen-wipes': 'pouch',
  'travel-wipes': 'pouch',
  'bamboo-cloth': 'pouch',
  tissue: 'box',
  'hand-cream': 'tube',
};

/** One look per top-level category (乳品, 谷物, 坚果, 营养, 礼盒, 日用), in catalog order. */
const CATEGORY_LOOKS: { shape: PackShape; palettes: Palette[] }[] = [
  {
    shape: 'carton',
    palettes: [
      { bg: ['#f4f9ff', '#cfe3f7'], body: ['#ffffff', '#dbe7f3'], label: '#2f6fb5', ink: '#ffffff', accent: '#9fd0ff' },
      { bg: ['#fff7f9', '#f5d5de'], body: ['#ffffff', '#f1dde3'], label: '#d9577a', ink: '#ffffff', accent: '#ffd1dc' },
    ],
  },
  {
    shape: 'pouch',
    palettes: [
      { bg: ['#fffaf0', '#f3e0bb'], body: ['#e9b461', '#c98a34'], label: '#fff8ea', ink: '#6b4312', accent: '#b4661d' },
      { bg: ['#fbf8f1', '#e6dcc7'], body: ['#d6a66a', '#a8743a'], label: '#fffdf7', ink: '#5a3a17', accent: '#a8743a' },
    ],
  },
  {
    shape: 'pouch',
    palettes: [
      { bg: ['#fff8f2', '#f1d8c4'], body: ['#8a5a3c', '#5d3a24'], label: '#fff4e8', ink: '#5d3a24', accent: '#e08a3c' },
      { bg: ['#fff5f5', '#f5cfcf'], body: ['#e2574c', '#b8352c'], label: '#fff6f2', ink: '#8e241d', accent: '#e2574c' },
    ],
  },
  {
    shape: 'jar',
    palettes: [
      { bg: ['#f5fbf6', '#cfe8d6'], body: ['#2f8f5b', '#1f6a42'], label: '#f6fff8', ink: '#1f6a42', accent: '#f2b632' },
      { bg: ['#fff9f0', '#f2dcc0'], body: ['#fdf6ea', '#e8d6bb'], label: '#8a3b2e', ink: '#fff3df', accent: '#c8963e' },
    ],
  },
  {
    shape: 'box',
    palettes: [
      { bg: ['#fff6ef', '#f3d2bd'], body: ['#c8332c', '#9b1f1a'], label: '#fff4e2', ink: '#8d1f18', accent: '#e8b04a' },
      { bg: ['#f8f5ff', '#ddd3f1'], body: ['#3b3f8f', '#272a66'], label: '#fff8e6', ink: '#272a66', accent: '#e3b858' },
    ],
  },
  {
    shape: 'bottle',
    palettes: [
      { bg: ['#f2fbfb', '#c9e9e8'], body: ['#3bb3ad', '#23837e'], label: '#f5fffe', ink: '#1b6762', accent: '#ffffff' },
      { bg: ['#f8f6ff', '#dcd5f3'], body: ['#9b87d6', '#6f5bb5'], label: '#fdfcff', ink: '#4d3c8f', accent: '#ffffff' },
    ],
  },
];

/** "低脂高钙纯牛奶" from "低脂高钙纯牛奶"; "脱脂纯牛奶" from "脱脂纯牛奶 1L×6瓶". */
function shortName(title: string): string {
  const head = title.split(/\s/)[0] ?? title;
  return head.length <= 8 ? head : head.slice(0, 8);
}

/** The look of every demo product, in catalog order. */
export function demoPackshotSpecs(): { product: DemoProduct; spec: PackshotSpec }[] {
  return DEMO_CATALOG.flatMap((top, topIndex) => {
    const look = CATEGORY_LOOKS[topIndex % CATEGORY_LOOKS.length] ?? CATEGORY_LOOKS[0]!;
    return top.children.flatMap((child, childIndex) =>
      child.products.map((product) => {
        const palette = look.palettes[childIndex % look.palettes.length] ?? look.palettes[0]!;
        const specText = Object.values(product.skus[0]?.specs ?? {})[0] ?? '';
        const sizeInTitle = product.title.split(/\s/)[1];
        return { product, spec: { shape: SHAPE_OF[product.slug] ?? look.shape, palette, name: shortName(product.title), spec: sizeInTitle ?? specText } };
      }),
    );
  });
}

/** The bullet lines of a markdown description, without markup (the picture's selling points). */
function sellingPoints(product: DemoProduct): string[] {
  const bullets = product.description.filter((line) => line.startsWith('- ')).map((line) => line.slice(2));
  const lead = product.description[0]?.replace(/\*\*/g, '').replace(/[。，]$/, '');
  return (bullets.length > 0 ? bullets : lead ? [lead] : []).map((line) => line.replace(/\*\*/g, ''));
}

/**
 * Renders `svg` to a JPEG in the library (with its variants), once: a small index file per SVG hash
 * remembers the result, so a second seed (every test database, every restart) only reads it.
 */
async function renderOnce(storage: MediaStorage, cacheDir: string, svg: string, originalName: string): Promise<DemoImage> {
  const key = crypto.createHash('sha256').update(svg).digest('hex').slice(0, 32);
  const indexFile = path.join(cacheDir, `${key}.json`);
  if (fs.existsSync(indexFile)) {
    const cached = JSON.parse(fs.readFileSync(indexFile, 'utf8')) as DemoImage;
    if (await storage.has(mediaFileName(cached.hash, cached.format, 't'))) return cached;
  }
  const bytes = await sharp(Buffer.from(svg)).jpeg({ quality: 84 }).toBuffer();
  const image = await probeImage(bytes);
  for (const file of await buildMediaFiles(bytes, image)) await storage.put(file.name, file.bytes);
  const result: DemoImage = { ...image, bytes: bytes.length, originalName, url: mediaUrl(mediaFileName(image.hash, image.format)) };
  await fs.promises.mkdir(cacheDir, { recursive: true });
  await fs.promises.writeFile(indexFile, JSON.stringify(result));
  return result;
}

/**
 * The demo brand's pictures, generated at seed time with no network: per product a packshot and a
 * selling-points card. Answers them by product slug, in display order.
 */
export async function generateDemoImages(storage: MediaStorage, cacheDir: string): Promise<Map<string, DemoImage[]>> {
  const images = new Map<string, DemoImage[]>();
  const queue = demoPackshotSpecs();
  // A few renders at once: sharp works off the main thread, so a cold seed uses every core.
  const worker = async () => {
    for (let next = queue.shift(); next; next = queue.shift()) {
      const { product, spec } = next;
      const main = await renderOnce(storage, cacheDir, packshotSvg(spec), `${product.slug}-1.jpg`);
      const card = await renderOnce(
        storage,
        cacheDir,
        sellingPointsSvg(spec, product.title, product.subtitle, sellingPoints(product)),
        `${product.slug}-2.jpg`,
      );
      images.set(product.slug, [main, card]);
    }
  };
  await Promise.all(Array.from({ length: RENDER_CONCURRENCY }, worker));
  return images;
}
