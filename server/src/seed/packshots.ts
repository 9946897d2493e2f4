/**
 * Packshot-style SVG pictures of the demo products, drawn from data (no network, no stock photos):
 * a soft studio background, the package shape of the product's kind with its label, and a shadow.
 * demo-images.ts renders them with sharp (librsvg; Chinese text through fontconfig's Noto Sans CJK).
 */

export type PackShape = 'carton' | 'bottle' | 'cup' | 'pouch' | 'jar' | 'box' | 'tube' | 'loaf';

export interface Palette {
  /** Studio background, light centre → edge. */
  bg: [string, string];
  /** Package body, light → dark. */
  body: [string, string];
  label: string;
  ink: string;
  accent: string;
}

export interface PackshotSpec {
  shape: PackShape;
  palette: Palette;
  /** Short name on the label, ≤ 8 characters reads best. */
  name: string;
  /** Pack size or spec under the name. */
  spec: string;
}

export const SIZE = 800;
const FONT = "'Noto Sans CJK SC', 'Noto Sans CJK', sans-serif";

/** XML-escapes text for an SVG text node. */
function esc(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** A label: brand line, the name sized to fit `width`, the spec below; centred on `cx`. */
function label(spec: PackshotSpec, cx: number, top: number, width: number, height: number): string {
  const { palette } = spec;
  const nameSize = Math.min(44, Math.floor((width - 28) / Math.max(spec.name.length, 2)));
  const specSize = Math.min(22, Math.floor((width - 24) / Math.max(spec.spec.length * 0.62, 4)));
  const x = cx - width / 2;
  return `<rect x="${x}" y="${top}" width="${width}" height="${height}" rx="14" fill="${palette.label}"/>
  <text x="${cx}" y="${top + 34}" font-family="${FONT}" font-size="17" letter-spacing="4" fill="${palette.accent}" text-anchor="middle">思语优选</text>
  <text x="${cx}" y="${top + height / 2 + nameSize / 2 + 4}" font-family="${FONT}" font-weight="bold" font-size="${nameSize}" fill="${palette.ink}" text-anchor="middle">${esc(spec.name)}</text>
  <rect x="${cx - 22}" y="${top + height - 46}" width="44" height="3" rx="1.5" fill="${palette.accent}"/>
  <text x="${cx}" y="${top + height - 16}" font-family="${FONT}" font-size="${specSize}" fill="${palette.ink}" fill-opacity="0.7" text-anchor="middle">${esc(spec.spec)}</text>`;
}

/** A vertical highlight stripe that makes a flat body read as round. */
function sheen(x: number, y: number, w: number, h: number, rx = 0): string {
  return `<rect x="${x}" y="${y}" width="${w}" height="${h}" rx="${rx}" fill="url(#sheen)"/>`;
}

const SHAPES: Record<PackShape, (spec: PackshotSpec) => { body: string; floor: number; width: number }> = {
  carton: (s) => ({
    floor: 650,
    width: 300,
    body: `<polygon points="520,262 586,226 586,616 520,652" fill="${s.palette.body[1]}"/>
  <polygon points="396,188 520,262 586,226 462,152" fill="${s.palette.body[1]}" opacity="0.9"/>
  <polygon points="272,262 396,188 520,262" fill="${s.palette.body[0]}"/>
  <polygon points="392,170 458,134 462,152 396,188" fill="${s.palette.body[0]}"/>
  <rect x="272" y="262" width="248" height="390" fill="url(#body)"/>
  ${label(s, 396, 330, 220, 250)}
  ${sheen(290, 262, 36, 390)}`,
  }),
  bottle: (s) => ({
    floor: 660,
    width: 230,
    body: `<rect x="356" y="132" width="88" height="64" rx="10" fill="${s.palette.accent}"/>
  <path d="M366 196 h68 c0 50 56 60 56 120 v300 a44 44 0 0 1 -44 44 h-92 a44 44 0 0 1 -44 -44 v-300 c0 -60 56 -70 56 -120 z" fill="url(#body)"/>
  ${label(s, 400, 360, 196, 220)}
  ${sheen(330, 300, 26, 330, 13)}`,
  }),
  cup: (s) => ({
    floor: 640,
    width: 420,
    body: [250, 430]
      .map(
        (x, i) => `<g transform="translate(${x - 250} ${i === 0 ? 30 : 0})">
  <path d="M250 340 h220 l-26 296 a20 20 0 0 1 -20 18 h-128 a20 20 0 0 1 -20 -18 z" fill="url(#body)"/>
  <ellipse cx="360" cy="340" rx="118" ry="24" fill="${s.palette.accent}"/>
  <ellipse cx="360" cy="336" rx="104" ry="16" fill="#ffffff" opacity="0.35"/>
  ${sheen(284, 360, 18, 270, 9)}
</g>`,
      )
      .join('\n')
      .concat(`\n  ${label({ ...s, name: s.name.slice(0, 6) }, 470, 420, 170, 190)}`),
  }),
  pouch: (s) => ({
    floor: 660,
    width: 300,
    body: `<path d="M262 214 h276 l6 40 c14 140 14 260 -6 396 h-276 c-20 -136 -20 -256 -6 -396 z" fill="url(#body)"/>
  <rect x="262" y="206" width="276" height="44" rx="6" fill="${s.palette.body[1]}"/>
  <rect x="276" y="236" width="248" height="4" rx="2" fill="#ffffff" opacity="0.35"/>
  <circle cx="290" cy="222" r="7" fill="${s.palette.bg[0]}"/>
  ${label(s, 400, 300, 228, 260)}
  ${sheen(282, 250, 28, 390, 14)}`,
  }),
  jar: (s) => ({
    floor: 650,
    width: 300,
    body: `<rect x="280" y="262" width="240" height="74" rx="16" fill="${s.palette.accent}"/>
  <rect x="280" y="262" width="240" height="20" rx="10" fill="#ffffff" opacity="0.25"/>
  <rect x="256" y="326" width="288" height="324" rx="56" fill="url(#body)"/>
  ${label(s, 400, 384, 236, 210)}
  ${sheen(276, 350, 28, 270, 14)}`,
  }),
  box: (s) => ({
    floor: 652,
    width: 420,
    body: `<polygon points="548,322 616,284 616,612 548,652" fill="${s.palette.body[1]}"/>
  <polygon points="204,322 272,284 616,284 548,322" fill="${s.palette.body[0]}"/>
  <rect x="204" y="322" width="344" height="330" fill="url(#body)"/>
  <rect x="360" y="322" width="32" height="330" fill="${s.palette.accent}"/>
  <polygon points="394,284 426,284 358,322 326,322" fill="${s.palette.accent}"/>
  <path d="M376 304 c-60 -70 -120 -10 -10 -2 c110 -8 50 -68 -10 2" fill="none" stroke="${s.palette.accent}" stroke-width="16" stroke-linecap="round"/>
  ${label(s, 470, 372, 150, 236)}
  ${sheen(218, 322, 30, 330)}`,
  }),
  tube: (s) => ({
    floor: 660,
    width: 200,
    body: `<path d="M300 190 h200 l-12 8 -24 330 h-128 l-24 -330 z" fill="url(#body)"/>
  <rect x="296" y="176" width="208" height="24" rx="4" fill="${s.palette.body[1]}"/>
  <rect x="336" y="528" width="128" height="132" rx="18" fill="${s.palette.body[1]}"/>
  ${label(s, 400, 250, 150, 220)}
  ${sheen(318, 200, 18, 320, 9)}`,
  }),
  loaf: (s) => ({
    floor: 640,
    width: 420,
    body: `<path d="M200 420 c0 -130 90 -150 130 -120 c30 -60 110 -60 140 0 c40 -30 130 -10 130 120 v180 a40 40 0 0 1 -40 40 h-320 a40 40 0 0 1 -40 -40 z" fill="url(#body)"/>
  <path d="M240 420 c40 -40 280 -40 320 0" fill="none" stroke="#ffffff" stroke-opacity="0.35" stroke-width="10" stroke-linecap="round"/>
  ${label(s, 400, 450, 260, 170)}`,
  }),
};

function defs(palette: Palette): string {
  return `<defs>
  <radialGradient id="bg" cx="50%" cy="40%" r="75%"><stop offset="0" stop-color="${palette.bg[0]}"/><stop offset="1" stop-color="${palette.bg[1]}"/></radialGradient>
  <linearGradient id="body" x1="0" y1="0" x2="1" y2="0"><stop offset="0" stop-color="${palette.body[0]}"/><stop offset="1" stop-color="${palette.body[1]}"/></linearGradient>
  <linearGradient id="sheen" x1="0" y1="0" x2="1" y2="0"><stop offset="0" stop-color="#ffffff" stop-opacity="0"/><stop offset="0.5" stop-color="#ffffff" stop-opacity="0.45"/><stop offset="1" stop-color="#ffffff" stop-opacity="0"/></linearGradient>
  <radialGradient id="shadow"><stop offset="0" stop-color="#000000" stop-opacity="0.3"/><stop offset="0.6" stop-color="#000000" stop-opacity="0.12"/><stop offset="1" stop-color="#000000" stop-opacity="0"/></radialGradient>
</defs>`;
}

/** The main picture: the package on a studio background with its floor shadow. */
export function packshotSvg(spec: PackshotSpec): string {
  const shape = SHAPES[spec.shape](spec);
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${SIZE}" height="${SIZE}" viewBox="0 0 ${SIZE} ${SIZE}">
${defs(spec.palette)}
<rect width="${SIZE}" height="${SIZE}" fill="url(#bg)"/>
<g transform="translate(400 440) scale(1.14) translate(-400 -440)">
<ellipse cx="400" cy="${shape.floor + 6}" rx="${shape.width / 2 + 70}" ry="34" fill="url(#shadow)"/>
${shape.body}
</g>
</svg>`;
}

/**
 * Splits CJK-heavy text into lines of at most `perLine` characters (at most `maxLines`, the last one
 * ellipsed), breaking after a comma when the phrases fit, so no line starts with punctuation.
 */
function wrap(text: string, perLine: number, maxLines: number): string[] {
  const phrases = text.split(/(?<=[，,；])/);
  if (phrases.length > 1 && phrases.length <= maxLines && phrases.every((p) => p.length <= perLine)) return phrases.map((p) => p.replace(/[，,；]$/, ''));
  const lines: string[] = [];
  for (let i = 0; i < text.length && lines.length < maxLines; i += perLine) lines.push(text.slice(i, i + perLine));
  if (text.length > perLine * maxLines) lines[maxLines - 1] = `${(lines[maxLines - 1] ?? '').slice(0, perLine - 1)}…`;
  return lines;
}

/** The second picture (卖点图): the package small on the left, title, subtitle and selling points on the right. */
export function sellingPointsSvg(spec: PackshotSpec, title: string, subtitle: string, points: string[]): string {
  const shape = SHAPES[spec.shape](spec);
  const { palette } = spec;
  const words = title.split(/\s+/);
  const titleLines = words.length === 2 && words.every((word) => word.length <= 10) ? words : wrap(title, 9, 2);
  const subLines = wrap(subtitle, 13, 2);
  let y = 220;
  const text: string[] = [];
  for (const line of titleLines) {
    text.push(`<text x="440" y="${y}" font-family="${FONT}" font-weight="bold" font-size="38" fill="#222222">${esc(line)}</text>`);
    y += 52;
  }
  y += 6;
  for (const line of subLines) {
    text.push(`<text x="440" y="${y}" font-family="${FONT}" font-size="24" fill="#666666">${esc(line)}</text>`);
    y += 36;
  }
  y += 28;
  for (const point of points.slice(0, 3)) {
    text.push(
      `<circle cx="454" cy="${y - 8}" r="14" fill="${palette.accent}"/><path d="M447 ${y - 8} l5 5 l9 -10" fill="none" stroke="#ffffff" stroke-width="3.5" stroke-linecap="round" stroke-linejoin="round"/>`,
    );
    wrap(point, 12, 2).forEach((line, i) =>
      text.push(`<text x="480" y="${y + i * 32}" font-family="${FONT}" font-size="23" fill="#333333">${esc(line)}</text>`),
    );
    y += point.length > 12 ? 84 : 56;
  }
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${SIZE}" height="${SIZE}" viewBox="0 0 ${SIZE} ${SIZE}">
${defs(palette)}
<rect width="${SIZE}" height="${SIZE}" fill="#fbfaf7"/>
<rect x="0" y="0" width="420" height="${SIZE}" fill="url(#bg)"/>
<rect x="440" y="120" width="56" height="6" rx="3" fill="${palette.accent}"/>
<g transform="translate(-100 90) scale(0.74)">
<ellipse cx="400" cy="${shape.floor + 6}" rx="${shape.width / 2 + 70}" ry="34" fill="url(#shadow)"/>
${shape.body}
</g>
${text.join('\n')}
<text x="440" y="740" font-family="${FONT}" font-size="20" letter-spacing="6" fill="#999999">思语优选 · 会员专享</text>
</svg>`;
}
