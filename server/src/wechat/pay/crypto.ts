import crypto from 'node:crypto';

/** The one algorithm WeChat Pay uses for notification resources. */
export const RESOURCE_ALGORITHM = 'AEAD_AES_256_GCM';
const TAG_BYTES = 16;
const NONCE_BYTES = 12;

/** The encrypted part of a notification, as WeChat sends it. */
export interface EncryptedResource {
  original_type: string;
  algorithm: string;
  ciphertext: string;
  associated_data: string;
  nonce: string;
}

/** The APIv3 key as AES-256 key bytes; throws unless it is exactly 32 ASCII characters. */
export function apiV3KeyBytes(apiV3Key: string): Buffer {
  if (!/^[\x21-\x7e]{32}$/.test(apiV3Key)) throw new TypeError('the APIv3 key must be 32 printable ASCII characters');
  return Buffer.from(apiV3Key, 'ascii');
}

/** AES-256-GCM: Base64(ciphertext ‖ 16-byte tag), with a 12-byte nonce (given as text) and AAD. */
export function encryptAes256Gcm(apiV3Key: string, plaintext: string, nonce: string, associatedData: string): string {
  const iv = Buffer.from(nonce, 'utf8');
  if (iv.length !== NONCE_BYTES) throw new RangeError('the nonce must be 12 bytes');
  const cipher = crypto.createCipheriv('aes-256-gcm', apiV3KeyBytes(apiV3Key), iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(Buffer.from(associatedData, 'utf8'));
  const data = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return Buffer.concat([data, cipher.getAuthTag()]).toString('base64');
}

/**
 * Decrypts what `encryptAes256Gcm` produced; null when anything does not authenticate (wrong key,
 * nonce, AAD, tampered or truncated ciphertext), so a caller cannot mistake garbage for data.
 */
export function decryptAes256Gcm(apiV3Key: string, ciphertext: string, nonce: string, associatedData: string): string | null {
  const iv = Buffer.from(nonce, 'utf8');
  if (iv.length !== NONCE_BYTES) return null;
  return decryptAesGcm(apiV3KeyBytes(apiV3Key), ciphertext, iv, associatedData);
}

/**
 * AES-GCM over Base64(ciphertext ‖ 16-byte tag) with a 16- or 32-byte key (AES-128/256 by its length) and
 * any IV length; null when it does not authenticate. The APIv3 form above narrows it to WeChat's 32/12.
 */
export function decryptAesGcm(key: Buffer, ciphertext: string, iv: Buffer, associatedData: string): string | null {
  const raw = Buffer.from(ciphertext, 'base64');
  if ((key.length !== 16 && key.length !== 32) || iv.length === 0 || raw.length < TAG_BYTES) return null;
  try {
    const decipher = crypto.createDecipheriv(key.length === 16 ? 'aes-128-gcm' : 'aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
    decipher.setAAD(Buffer.from(associatedData, 'utf8'));
    decipher.setAuthTag(raw.subarray(raw.length - TAG_BYTES));
    return Buffer.concat([decipher.update(raw.subarray(0, raw.length - TAG_BYTES)), decipher.final()]).toString('utf8');
  } catch {
    return null;
  }
}
