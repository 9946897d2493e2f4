import jsQR from 'jsqr';
import { PNG } from 'pngjs';

/** Test helper: the text of the QR code in a PNG, as a phone's scanner reads it (null when none is found). */
export function decodeQrPng(png: Buffer): string | null {
  const image = PNG.sync.read(png);
  const pixels = new Uint8ClampedArray(image.data.buffer, image.data.byteOffset, image.data.length);
  return jsQR(pixels, image.width, image.height)?.data ?? null;
}
