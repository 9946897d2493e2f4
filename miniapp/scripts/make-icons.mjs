#!/usr/bin/env node
// Draws the tabBar icons (and the empty-state illustrations) as PNGs with nothing but node:zlib:
// shapes are rasterised with 4×4 supersampling for smooth edges. Run once; the PNGs are committed.
//   node miniapp/scripts/make-icons.mjs
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';

const OUT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../src/assets');
const SS = 4;

function crc32(buf) {
  let c;
  const table = (crc32.table ??= Array.from({ length: 256 }, (_, n) => {
    c = n;
    for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  }));
  let crc = 0xffffffff;
  for (const byte of buf) crc = table[(crc ^ byte) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

/** RGBA PNG from a coverage function inside(x, y) → 0..1 and a colour. */
function png(size, shapes) {
  const raw = Buffer.alloc((size * 4 + 1) * size);
  for (let y = 0; y < size; y += 1) {
    raw[y * (size * 4 + 1)] = 0;
    for (let x = 0; x < size; x += 1) {
      let r = 0,
        g = 0,
        b = 0,
        a = 0;
      for (const shape of shapes) {
        let hits = 0;
        for (let sy = 0; sy < SS; sy += 1) {
          for (let sx = 0; sx < SS; sx += 1) {
            if (shape.inside((x + (sx + 0.5) / SS) / size, (y + (sy + 0.5) / SS) / size)) hits += 1;
          }
        }
        const alpha = (hits / (SS * SS)) * (shape.alpha ?? 1);
        if (alpha === 0) continue;
        const [cr, cg, cb] = shape.color;
        // "over" compositing, straight alpha
        const outA = alpha + a * (1 - alpha);
        r = (cr * alpha + r * a * (1 - alpha)) / outA;
        g = (cg * alpha + g * a * (1 - alpha)) / outA;
        b = (cb * alpha + b * a * (1 - alpha)) / outA;
        a = outA;
      }
      const o = y * (size * 4 + 1) + 1 + x * 4;
      raw[o] = Math.round(r);
      raw[o + 1] = Math.round(g);
      raw[o + 2] = Math.round(b);
      raw[o + 3] = Math.round(a * 255);
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8;
  ihdr[9] = 6;
  ihdr[10] = 0;
  ihdr[11] = 0;
  ihdr[12] = 0;
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', zlib.deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

// Geometry helpers in unit coordinates (0..1).
const roundRect = (x0, y0, x1, y1, rad) => (x, y) => {
  if (x < x0 || x > x1 || y < y0 || y > y1) return false;
  const cx = Math.min(Math.max(x, x0 + rad), x1 - rad);
  const cy = Math.min(Math.max(y, y0 + rad), y1 - rad);
  return (x - cx) ** 2 + (y - cy) ** 2 <= rad ** 2;
};
const circle = (cx, cy, rad) => (x, y) => (x - cx) ** 2 + (y - cy) ** 2 <= rad ** 2;
const ring = (cx, cy, rad, w) => (x, y) => {
  const d = Math.hypot(x - cx, y - cy);
  return d <= rad && d >= rad - w;
};
const polygon = (pts) => (x, y) => {
  let inside = false;
  for (let i = 0, j = pts.length - 1; i < pts.length; j = i, i += 1) {
    const [xi, yi] = pts[i];
    const [xj, yj] = pts[j];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
};
/** A stroked polyline of width w. */
const stroke = (pts, w) => (x, y) => {
  for (let i = 0; i < pts.length - 1; i += 1) {
    const [ax, ay] = pts[i];
    const [bx, by] = pts[i + 1];
    const dx = bx - ax,
      dy = by - ay;
    const t = Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy)));
    if (Math.hypot(x - (ax + t * dx), y - (ay + t * dy)) <= w / 2) return true;
  }
  return false;
};
const minus = (a, b) => (x, y) => a(x, y) && !b(x, y);
const union =
  (...fs) =>
  (x, y) =>
    fs.some((f) => f(x, y));

const W = 0.075; // line width of the outline icons

const ICONS = {
  home: union(
    stroke(
      [
        [0.16, 0.47],
        [0.5, 0.17],
        [0.84, 0.47],
      ],
      W,
    ),
    minus(roundRect(0.24, 0.42, 0.76, 0.84, 0.06), roundRect(0.24 + W, 0.42, 0.76 - W, 0.84 - W, 0.02)),
    roundRect(0.43, 0.6, 0.57, 0.84, 0.02),
  ),
  category: union(
    minus(roundRect(0.16, 0.16, 0.46, 0.46, 0.07), roundRect(0.16 + W, 0.16 + W, 0.46 - W, 0.46 - W, 0.03)),
    minus(roundRect(0.54, 0.16, 0.84, 0.46, 0.07), roundRect(0.54 + W, 0.16 + W, 0.84 - W, 0.46 - W, 0.03)),
    minus(roundRect(0.16, 0.54, 0.46, 0.84, 0.07), roundRect(0.16 + W, 0.54 + W, 0.46 - W, 0.84 - W, 0.03)),
    ring(0.69, 0.69, 0.155, W),
  ),
  cart: union(
    stroke(
      [
        [0.12, 0.2],
        [0.24, 0.2],
        [0.33, 0.64],
        [0.78, 0.64],
        [0.86, 0.32],
        [0.27, 0.32],
      ],
      W,
    ),
    circle(0.38, 0.79, 0.065),
    circle(0.72, 0.79, 0.065),
  ),
  me: union(
    ring(0.5, 0.35, 0.18, W),
    minus(
      polygon([
        [0.17, 0.86],
        [0.2, 0.7],
        [0.35, 0.58],
        [0.65, 0.58],
        [0.8, 0.7],
        [0.83, 0.86],
      ]),
      polygon([
        [0.17 + W + 0.01, 0.86 - W],
        [0.22 + W, 0.71],
        [0.37, 0.58 + W],
        [0.63, 0.58 + W],
        [0.78 - W, 0.71],
        [0.83 - W - 0.01, 0.86 - W],
      ]),
    ),
  ),
};

const GREY = [150, 151, 153];
const RED = [238, 10, 36];
fs.mkdirSync(path.join(OUT, 'tab'), { recursive: true });
for (const [name, inside] of Object.entries(ICONS)) {
  fs.writeFileSync(path.join(OUT, 'tab', `${name}.png`), png(81, [{ inside, color: GREY }]));
  fs.writeFileSync(path.join(OUT, 'tab', `${name}-active.png`), png(81, [{ inside, color: RED }]));
}

// Empty-state illustrations: a pale disc with the icon in soft grey.
const DISC = [242, 243, 245];
const ILLUSTRATIONS = {
  'empty-cart': ICONS.cart,
  'empty-search': union(
    ring(0.45, 0.45, 0.22, W),
    stroke(
      [
        [0.61, 0.61],
        [0.78, 0.78],
      ],
      W * 1.3,
    ),
  ),
  'empty-box': ICONS.category,
  'network-error': union(
    stroke(
      [
        [0.2, 0.42],
        [0.5, 0.22],
        [0.8, 0.42],
      ],
      W,
    ),
    stroke(
      [
        [0.32, 0.54],
        [0.5, 0.42],
        [0.68, 0.54],
      ],
      W,
    ),
    circle(0.5, 0.68, 0.07),
    stroke(
      [
        [0.22, 0.22],
        [0.78, 0.78],
      ],
      W,
    ),
  ),
};
fs.mkdirSync(path.join(OUT, 'illustrations'), { recursive: true });
for (const [name, inside] of Object.entries(ILLUSTRATIONS)) {
  const scaled = (x, y) => inside((x - 0.2) / 0.6, (y - 0.2) / 0.6);
  fs.writeFileSync(
    path.join(OUT, 'illustrations', `${name}.png`),
    png(200, [
      { inside: circle(0.5, 0.5, 0.48), color: DISC },
      { inside: scaled, color: [200, 201, 204] },
    ]),
  );
}
console.log(`icons written to ${OUT}`);
