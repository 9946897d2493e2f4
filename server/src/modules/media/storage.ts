import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/**
 * Where media files live. Names are content-derived (`<hash>.<ext>`, `<hash>-t.webp`), so a stored
 * file never changes: `put` of an existing name is a no-op and readers may cache forever.
 * The local implementation below is the default; a bucket (S3-compatible) would implement the same
 * three operations (see docs/decisions.md, "Merchant-ready (issue 12) — Real product media").
 */
export interface MediaStorage {
  /** Stores `bytes` under `name` unless a file of that name exists (names are content hashes). */
  put(name: string, bytes: Buffer): Promise<void>;
  /** A readable stream and the size of `name`, or null when there is none. */
  open(name: string): Promise<{ stream: NodeJS.ReadableStream; size: number } | null>;
  /** Whether `name` is stored. */
  has(name: string): Promise<boolean>;
  /** Removes `name`; a missing file is not an error. */
  remove(name: string): Promise<void>;
}

/** Only names the library makes: a 32-hex hash, an optional variant, an image extension. */
export const MEDIA_FILE_NAME = /^[0-9a-f]{32}(-[a-z])?\.(jpg|png|webp|gif)$/;

/** Files in one folder of the local disk (the data dir by default). Writes are atomic (temp file + rename). */
export function localMediaStorage(dir: string): MediaStorage {
  const fileOf = (name: string) => {
    if (!MEDIA_FILE_NAME.test(name)) throw new Error(`not a media file name: ${name}`);
    return path.join(dir, name.slice(0, 2), name);
  };
  return {
    async put(name, bytes) {
      const file = fileOf(name);
      if (fs.existsSync(file)) return;
      await fs.promises.mkdir(path.dirname(file), { recursive: true });
      const temp = `${file}.${crypto.randomBytes(6).toString('hex')}.tmp`;
      await fs.promises.writeFile(temp, bytes);
      await fs.promises.rename(temp, file);
    },
    async open(name) {
      if (!MEDIA_FILE_NAME.test(name)) return null;
      const file = fileOf(name);
      try {
        const stat = await fs.promises.stat(file);
        if (!stat.isFile()) return null;
        return { stream: fs.createReadStream(file), size: stat.size };
      } catch {
        return null;
      }
    },
    async has(name) {
      return MEDIA_FILE_NAME.test(name) && fs.existsSync(fileOf(name));
    },
    async remove(name) {
      await fs.promises.rm(fileOf(name), { force: true });
    },
  };
}
