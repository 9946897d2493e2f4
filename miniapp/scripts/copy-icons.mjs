#!/usr/bin/env node
// Copies the shop's icons from lucide-static (ISC licence) into src/assets/icons as coloured SVGs:
// a mini-program <Image> cannot take `currentColor`, so each icon is written once per colour it is
// shown in. Run after changing the list; the SVGs are committed.
//   node miniapp/scripts/copy-icons.mjs
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const SOURCE = path.join(path.dirname(require.resolve('lucide-static/package.json')), 'icons');
const OUT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../src/assets/icons');

const INK = '#323233';
const RED = '#ee0a24';
const MUTED = '#969799';

/** Our name → [lucide icon, stroke colour, filled?]. */
const ICONS = {
  'order-pay': ['wallet', INK],
  'order-ship': ['package', INK],
  'order-receive': ['truck', INK],
  'order-done': ['circle-check', INK],
  'order-refund': ['receipt-text', INK],
  member: ['crown', '#b8860b'],
  points: ['coins', '#ffb300'],
  checkin: ['calendar-check', '#ff8917'],
  mall: ['gift', '#07c160'],
  coupons: ['ticket', RED],
  'coupon-center': ['ticket-percent', '#ff6034'],
  favorites: ['heart', RED],
  address: ['map-pin', INK],
  service: ['headphones', INK],
  privacy: ['shield-check', INK],
  logout: ['log-out', INK],
  search: ['search', MUTED],
  history: ['clock', MUTED],
  hot: ['flame', RED],
  trash: ['trash-2', MUTED],
  share: ['share-2', INK],
  heart: ['heart', INK],
  'heart-filled': ['heart', RED, true],
  phone: ['phone', INK],
  chat: ['message-circle', INK],
  avatar: ['user-round', '#c8c9cc'],
};

fs.mkdirSync(OUT, { recursive: true });
for (const [name, [icon, color, isFilled]] of Object.entries(ICONS)) {
  const svg = fs
    .readFileSync(path.join(SOURCE, `${icon}.svg`), 'utf8')
    .replace(/<!--[\s\S]*?-->\s*/, '')
    .replace(/\s*class="[^"]*"/, '')
    .replace('stroke="currentColor"', `stroke="${color}"`)
    .replace('fill="none"', `fill="${isFilled ? color : 'none'}"`)
    .replace(/\n\s*/g, ' ')
    .replace(/\s+>/g, '>')
    .trim();
  fs.writeFileSync(path.join(OUT, `${name}.svg`), `<!-- lucide-static ${icon}, ISC licence -->\n${svg}\n`);
}
console.log(`${Object.keys(ICONS).length} icons written to ${path.relative(process.cwd(), OUT)}`);
