import crypto from 'node:crypto';

/**
 * Phone numbers at rest: AES-256-GCM ciphertext for display to the member, a keyed hash
 * (HMAC-SHA256 with a key derived from the same secret) for exact-match lookup by staff, and a keyed
 * hash of the last 4 digits (another derived key) for the staff's partial search.
 */
export class PhoneCrypto {
  private readonly hashKey: Buffer;
  private readonly suffixHashKey: Buffer;

  constructor(private readonly key: Buffer) {
    if (key.length !== 32) throw new Error('phone key must be 32 bytes');
    this.hashKey = Buffer.from(crypto.hkdfSync('sha256', key, Buffer.alloc(0), 'siyu-phone-hash', 32));
    this.suffixHashKey = Buffer.from(crypto.hkdfSync('sha256', key, Buffer.alloc(0), 'siyu-phone-suffix-hash', 32));
  }

  /** iv.tag.ciphertext, each base64url. A fresh random IV per call. */
  encrypt(phone: string): string {
    const iv = crypto.randomBytes(12);
    const cipher = crypto.createCipheriv('aes-256-gcm', this.key, iv);
    const data = Buffer.concat([cipher.update(phone, 'utf8'), cipher.final()]);
    return [iv, cipher.getAuthTag(), data].map((part) => part.toString('base64url')).join('.');
  }

  decrypt(payload: string): string {
    const [iv, tag, data] = payload.split('.').map((part) => Buffer.from(part, 'base64url'));
    if (!iv || !tag || !data) throw new Error('malformed phone ciphertext');
    const decipher = crypto.createDecipheriv('aes-256-gcm', this.key, iv);
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(data), decipher.final()]).toString('utf8');
  }

  hash(phone: string): string {
    return crypto.createHmac('sha256', this.hashKey).update(phone).digest('base64url');
  }

  /** Keyed hash of the last 4 digits (a full number or the 4 digits themselves). */
  suffixHash(phoneOrSuffix: string): string {
    return crypto.createHmac('sha256', this.suffixHashKey).update(phoneOrSuffix.slice(-4)).digest('base64url');
  }

  /** The three stored columns of a member's phone: write them together wherever a phone is stored. */
  memberColumns(phone: string): { phoneCipher: string; phoneHash: string; phoneSuffixHash: string } {
    return { phoneCipher: this.encrypt(phone), phoneHash: this.hash(phone), phoneSuffixHash: this.suffixHash(phone) };
  }
}
