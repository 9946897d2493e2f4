import type { CatalogImportMode, CatalogImportReport } from '@siyu/shared';
import { api, send, type Query } from './client';

export interface Download {
  blob: Blob;
  filename: string;
}

/** The file name from Content-Disposition (RFC 5987 `filename*` first), or `fallback`. */
export function filenameOf(disposition: string | null, fallback: string): string {
  const encoded = disposition ? /filename\*=UTF-8''([^;]+)/i.exec(disposition) : null;
  if (encoded?.[1]) return decodeURIComponent(encoded[1]);
  const plain = disposition ? /filename="?([^";]+)"?/i.exec(disposition) : null;
  return plain?.[1] ?? fallback;
}

/**
 * Downloads a file through the API client (so it carries the token), reporting progress as a
 * fraction 0…1 when the server sends Content-Length, or null while the size is unknown.
 */
export async function download(path: string, query: Query, onProgress: (fraction: number | null) => void): Promise<Download> {
  const response = await send('GET', path, { query });
  const total = Number(response.headers.get('content-length') ?? 0);
  const filename = filenameOf(response.headers.get('content-disposition'), 'download');
  const type = response.headers.get('content-type') ?? 'application/octet-stream';
  if (!response.body) return { blob: new Blob([await response.arrayBuffer()], { type }), filename };
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let received = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    received += value.length;
    onProgress(total > 0 ? Math.min(received / total, 1) : null);
  }
  return { blob: new Blob(chunks as BlobPart[], { type }), filename };
}

/** Hands a blob to the browser as a file download. */
export function saveBlob({ blob, filename }: Download): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** CSV export and import of the product/SKU table (server/src/modules/catalog-io). */
export const catalogIoApi = {
  exportCsv: (query: Query, onProgress: (fraction: number | null) => void) => download('/api/admin/catalog/export.csv', query, onProgress),
  importCsv: (csv: string, mode: CatalogImportMode, dryRun: boolean) => api.post<CatalogImportReport>('/api/admin/catalog/import', { csv, mode, dryRun }),
};
