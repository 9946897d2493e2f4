import busboy from 'busboy';
import { AppError } from '../../lib/errors';
import type { AppContext } from '../../http/types';

export interface UploadedFile {
  bytes: Buffer;
  /** The name the client gave, for display only (never used to decide the type or the stored name). */
  originalName: string;
}

/** Parts beyond the file: a form may send a few small text fields, nothing more. */
const LIMITS = { files: 1, fields: 10, fieldSize: 1024, parts: 12 };

/**
 * Reads the multipart field `file` of the request into memory, at most `maxBytes` (MEDIA_TOO_LARGE
 * beyond, found while streaming, before the whole body is read). No such field: MEDIA_FILE_MISSING.
 */
export async function readUploadedFile(ctx: AppContext, maxBytes: number): Promise<UploadedFile> {
  if (!ctx.is('multipart/form-data')) throw new AppError('MEDIA_FILE_MISSING', '请以 multipart/form-data 上传字段 file');
  const declared = Number(ctx.get('content-length') || 0);
  if (declared > maxBytes + 64 * 1024) throw new AppError('MEDIA_TOO_LARGE', undefined, { maxBytes });
  let parser: busboy.Busboy;
  try {
    parser = busboy({ headers: ctx.req.headers, limits: { ...LIMITS, fileSize: maxBytes }, defParamCharset: 'utf8' });
  } catch {
    throw new AppError('MEDIA_FILE_MISSING');
  }
  return new Promise<UploadedFile>((resolve, reject) => {
    let found: UploadedFile | null = null;
    let failure: AppError | null = null;
    parser.on('file', (field, stream, info) => {
      if (field !== 'file' || found || failure) {
        stream.resume();
        return;
      }
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('limit', () => {
        failure = new AppError('MEDIA_TOO_LARGE', undefined, { maxBytes });
      });
      stream.on('end', () => {
        if (!failure) found = { bytes: Buffer.concat(chunks), originalName: (info.filename ?? '').slice(0, 200) };
      });
    });
    parser.on('error', () => reject(failure ?? new AppError('MEDIA_FILE_MISSING', 'multipart body could not be read')));
    parser.on('close', () => {
      if (failure) reject(failure);
      else if (!found || found.bytes.length === 0) reject(new AppError('MEDIA_FILE_MISSING'));
      else resolve(found);
    });
    ctx.req.on('error', () => reject(new AppError('MEDIA_FILE_MISSING', 'upload interrupted')));
    ctx.req.pipe(parser);
  });
}
