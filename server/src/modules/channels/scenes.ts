import crypto from 'node:crypto';
import { SCENE_PATTERN, SCENE_PREFIX, WECOM_STATE_MAX, type ChannelKind } from '@siyu/shared';
import { AppError } from '../../lib/errors';

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
/** Bytes ≥ 248 are dropped so each base62 digit is uniform (248 = 4 × 62). */
const UNBIASED_LIMIT = 248;

/** `length` uniformly random base62 characters from the OS's CSPRNG. */
export function randomBase62(length: number): string {
  let out = '';
  while (out.length < length) {
    for (const byte of crypto.randomBytes(length * 2)) {
      if (byte < UNBIASED_LIMIT && out.length < length) out += BASE62[byte % 62];
    }
  }
  return out;
}

/** A generated scene: `c=` + 6 base62 (a single code, 62⁶ ≈ 5.7e10) or 8 (a per-unit code, 62⁸ ≈ 2.2e14). */
export function generatedScene(kind: 'single' | 'unit'): string {
  return SCENE_PREFIX + randomBase62(kind === 'single' ? 6 : 8);
}

/** Kinds whose codes also become a WeCom `state` (contact-me or group join code), which holds at most 30 characters. */
const WECOM_KINDS: readonly ChannelKind[] = ['wecom', 'community'];

/** A custom scene must fit a mini-program code (SCENE_PATTERN) and, for WeCom channels, a WeCom `state`. */
export function checkCustomScene(scene: string, kind: ChannelKind): void {
  if (!SCENE_PATTERN.test(scene)) throw new AppError('CHANNEL_SCENE_INVALID', undefined, { field: 'body.scene', maxLength: 32 });
  if (WECOM_KINDS.includes(kind) && scene.length > WECOM_STATE_MAX) {
    throw new AppError('CHANNEL_SCENE_INVALID', undefined, { field: 'body.scene', maxLength: WECOM_STATE_MAX });
  }
}
