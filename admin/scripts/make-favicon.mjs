#!/usr/bin/env node
// Draws the favicon (a shopping bag on the brand gradient) with sharp and writes it as an ICO holding
// 16, 32 and 48 px PNGs, for the admin (admin/public) and the H5 shop (miniapp/src, copied by the H5
// build). Run once; the icons are committed.
//   node admin/scripts/make-favicon.mjs
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const OUT = [path.join(root, 'admin/public/favicon.ico'), path.join(root, 'miniapp/src/favicon.ico')];

const SVG = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64">
  <defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="#ff6034"/><stop offset="1" stop-color="#ee0a24"/></linearGradient></defs>
  <rect width="64" height="64" rx="14" fill="url(#g)"/>
  <path d="M15 22h34l-2.5 30a3 3 0 0 1-3 2.8H20.5a3 3 0 0 1-3-2.8z" fill="#fff"/>
  <path d="M24 28v-7a8 8 0 0 1 16 0v7" fill="none" stroke="#ee0a24" stroke-width="3.5" stroke-linecap="round"/>
</svg>`;

/** An ICO file: the 6-byte header, one 16-byte entry per image, then the PNGs themselves. */
function ico(images) {
  const header = Buffer.alloc(6);
  header.writeUInt16LE(0, 0);
  header.writeUInt16LE(1, 2);
  header.writeUInt16LE(images.length, 4);
  let offset = 6 + 16 * images.length;
  const entries = images.map(({ size, data }) => {
    const entry = Buffer.alloc(16);
    entry.writeUInt8(size >= 256 ? 0 : size, 0);
    entry.writeUInt8(size >= 256 ? 0 : size, 1);
    entry.writeUInt16LE(1, 4); // colour planes
    entry.writeUInt16LE(32, 6); // bits per pixel
    entry.writeUInt32LE(data.length, 8);
    entry.writeUInt32LE(offset, 12);
    offset += data.length;
    return entry;
  });
  return Buffer.concat([header, ...entries, ...images.map((image) => image.data)]);
}

const images = await Promise.all([16, 32, 48].map(async (size) => ({ size, data: await sharp(Buffer.from(SVG)).resize(size, size).png().toBuffer() })));
const icon = ico(images);
for (const file of OUT) {
  fs.writeFileSync(file, icon);
  console.log(`${path.relative(root, file)}: ${icon.length} bytes`);
}
