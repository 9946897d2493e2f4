import crypto from 'node:crypto';
import { eq } from 'drizzle-orm';
import sharp from 'sharp';
import { AVATAR_MAX_BYTES } from '@siyu/shared';
import type { Executor } from '../../db/client';
import { memberAvatars, members } from '../../db/schema';
import { AppError } from '../../lib/errors';

/** Formats a chosen avatar may come in, by what its bytes say (never by a name or a declared type). */
const ACCEPTED_FORMATS = new Set(['png', 'jpeg', 'webp']);
/** Avatars are shown at most 64 px wide (128 on 2× screens): stored as a 256 px WebP. */
const STORED_SIZE = 256;
/** The largest picture we agree to decode (guards against decompression bombs). */
const MAX_INPUT_PIXELS = 4096 * 4096;

/** The URL of a stored avatar: its digest in the query, so a new picture is a new URL and old ones cache for good. */
export function avatarUrlOf(memberId: number, digest: string): string {
  return `/api/avatars/${memberId}?v=${digest.slice(0, 16)}`;
}

/**
 * Checks the bytes are a PNG, JPEG or WebP picture (decoded, not sniffed by name) and re-encodes them
 * as a square 256 px WebP without metadata. Anything else is 400 AVATAR_INVALID.
 */
export async function normalizeAvatar(bytes: Buffer): Promise<Buffer> {
  if (bytes.length > AVATAR_MAX_BYTES) throw new AppError('AVATAR_TOO_LARGE');
  let format: string | undefined;
  try {
    format = (await sharp(bytes, { limitInputPixels: MAX_INPUT_PIXELS }).metadata()).format;
  } catch {
    throw new AppError('AVATAR_INVALID');
  }
  if (!format || !ACCEPTED_FORMATS.has(format)) throw new AppError('AVATAR_INVALID');
  try {
    return await sharp(bytes, { limitInputPixels: MAX_INPUT_PIXELS })
      .rotate()
      .resize(STORED_SIZE, STORED_SIZE, { fit: 'cover' })
      .webp({ quality: 82 })
      .toBuffer();
  } catch {
    throw new AppError('AVATAR_INVALID');
  }
}

/** Stores the member's avatar and points their profile at it (call inside a transaction). */
export async function saveAvatar(db: Executor, memberId: number, webp: Buffer, now: Date): Promise<string> {
  const digest = crypto.createHash('sha256').update(webp).digest('hex');
  const values = { memberId, contentType: 'image/webp', bytes: webp, digest, updatedAt: now };
  await db
    .insert(memberAvatars)
    .values(values)
    .onConflictDoUpdate({ target: memberAvatars.memberId, set: { contentType: values.contentType, bytes: webp, digest, updatedAt: now } });
  const url = avatarUrlOf(memberId, digest);
  await db.update(members).set({ avatarUrl: url }).where(eq(members.id, memberId));
  return url;
}

export async function findAvatar(db: Executor, memberId: number): Promise<{ contentType: string; bytes: Buffer; digest: string } | undefined> {
  const [row] = await db
    .select({ contentType: memberAvatars.contentType, bytes: memberAvatars.bytes, digest: memberAvatars.digest })
    .from(memberAvatars)
    .where(eq(memberAvatars.memberId, memberId));
  return row;
}
