import QRCode from 'qrcode';
import sharp from 'sharp';

/** Quiet zone around the code, in modules (the QR spec asks for 4; WeChat's own codes use about 2). */
const MARGIN_MODULES = 2;

/**
 * A scannable QR code of `text` as a `width` × `width` PNG: the `qrcode` library encodes the text into
 * modules, sharp writes the pixels as PNG (about twice as fast as qrcode's pure-JS PNG writer, which
 * matters for batches of thousands of parcel cards).
 */
export async function renderQrPng(text: string, width: number): Promise<Buffer> {
  const { modules } = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const total = modules.size + 2 * MARGIN_MODULES;
  const pixels = Buffer.alloc(width * width, 255);
  // Module index of each pixel column/row (−1 or ≥ size: quiet zone).
  const moduleAt = Array.from({ length: width }, (_, px) => Math.floor((px * total) / width) - MARGIN_MODULES);
  for (let y = 0; y < width; y += 1) {
    const row = moduleAt[y] ?? -1;
    if (row < 0 || row >= modules.size) continue;
    for (let x = 0; x < width; x += 1) {
      const col = moduleAt[x] ?? -1;
      if (col >= 0 && col < modules.size && modules.get(row, col)) pixels[y * width + x] = 0;
    }
  }
  return sharp(pixels, { raw: { width, height: width, channels: 1 } })
    .png()
    .toBuffer();
}
