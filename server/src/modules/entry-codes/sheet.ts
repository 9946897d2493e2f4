import { Readable } from 'node:stream';
import type { ServiceContext } from '../../context';
import type { BatchRow, CodeRow } from './repo';
import { batchImages } from './images';

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => HTML_ESCAPES[char] ?? char);
}

/** A4 portrait, 4 × 5 cards a page, each card kept whole; the on-screen hint is not printed. */
const STYLE = `
@page { size: A4 portrait; margin: 10mm; }
* { box-sizing: border-box; }
body { margin: 0; color: #1f1f1f; font-family: -apple-system, "PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", sans-serif; }
header { margin: 0 0 3mm; }
header h1 { font-size: 12pt; margin: 0 0 1mm; }
header p { font-size: 9pt; margin: 0; color: #666; }
.grid { display: grid; grid-template-columns: repeat(4, 1fr); gap: 3mm; }
.card { margin: 0; padding: 1.5mm; border: 0.3mm dashed #bbb; text-align: center; line-height: 1.25; break-inside: avoid; page-break-inside: avoid; }
.card img { display: block; width: 30mm; height: 30mm; margin: 0 auto 0.5mm; }
.unit { font-size: 10pt; font-weight: 600; }
.label, .order { font-size: 8pt; overflow-wrap: anywhere; }
.scene { font-family: ui-monospace, Menlo, Consolas, monospace; font-size: 7pt; color: #555; overflow-wrap: anywhere; }
@media screen { body { max-width: 190mm; margin: 8mm auto; } }
@media print { .hint { display: none; } }
`;

function card(code: CodeRow, png: Buffer, batchLabel: string): string {
  const unit = code.unitIndex ?? code.id;
  const label = code.label || batchLabel;
  return [
    `<figure class="card" data-unit="${unit}" data-scene="${escapeHtml(code.scene)}">`,
    `<img alt="小程序码 ${unit}" src="data:image/png;base64,${png.toString('base64')}">`,
    `<figcaption><div class="unit">No. ${unit}</div>`,
    label ? `<div class="label">${escapeHtml(label)}</div>` : '',
    code.marketplaceOrderNo ? `<div class="order">订单 ${escapeHtml(code.marketplaceOrderNo)}</div>` : '',
    `<div class="scene">${escapeHtml(code.scene)}</div></figcaption></figure>\n`,
  ].join('');
}

/**
 * GET /api/admin/code-batches/:batchId/sheet.html: a printable A4 sheet of the batch's codes (unit number, label,
 * scene), images inline as data URLs so the page prints without the staff token. Streamed a page of codes at a time.
 */
export function batchSheet(sc: ServiceContext, batch: BatchRow, channelName: string): Readable {
  const title = `${channelName} · ${batch.label || `批次 ${batch.id}`}`;
  async function* html(): AsyncGenerator<string> {
    yield `<!doctype html>\n<html lang="zh-CN"><head><meta charset="utf-8"><title>渠道码打印页 · ${escapeHtml(title)}</title><style>${STYLE}</style></head><body>\n`;
    yield `<header><h1>${escapeHtml(title)}</h1><p>共 ${batch.quantity} 个渠道码 · 生成于 ${batch.createdAt.toISOString().slice(0, 10)}</p>`;
    yield `<p class="hint">打印：纸张 A4，缩放 100%，每页 20 个；沿虚线裁开。</p></header>\n<main class="grid">\n`;
    for await (const page of batchImages(sc, batch.id)) {
      yield page.map(({ code, png }) => card(code, png, batch.label)).join('');
    }
    yield '</main></body></html>\n';
  }
  return Readable.from(html());
}
