import crypto from 'node:crypto';

/**
 * WXBizMsgCrypt, WeCom's callback encryption (messaging-protocols.md §1.2): AES-256-CBC with the key
 * Base64Decode(EncodingAESKey + "="), IV = its first 16 bytes, PKCS#7 padding with block size 32, plaintext
 * `random(16) ‖ uint32BE(len) ‖ msg ‖ receiveid`, and msg_signature = sha1 of the sorted
 * [token, timestamp, nonce, encrypt] joined. Checked byte for byte against the official sample vectors.
 */

/** The SDK's error codes (sbzhu/weworkapi_python ierror.py). */
export const WXBIZ_ERRORS = {
  ValidateSignature: -40001,
  ParseXml: -40002,
  ComputeSignature: -40003,
  IllegalAesKey: -40004,
  ValidateCorpid: -40005,
  EncryptAES: -40006,
  DecryptAES: -40007,
  IllegalBuffer: -40008,
  EncodeBase64: -40009,
  DecodeBase64: -40010,
  GenReturnXml: -40011,
} as const;

export type WxBizErrorCode = (typeof WXBIZ_ERRORS)[keyof typeof WXBIZ_ERRORS];

/** A refused message, with the SDK's code. */
export class WxBizMsgCryptError extends Error {
  override readonly name = 'WxBizMsgCryptError';
  constructor(
    readonly errcode: WxBizErrorCode,
    message: string,
  ) {
    super(`${message} (${errcode})`);
  }
}

const BLOCK_SIZE = 32;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/** sha1 of the lexicographically sorted parts, lowercase hex. */
export function msgSignature(token: string, timestamp: string, nonce: string, encrypt: string): string {
  return crypto.createHash('sha1').update([token, timestamp, nonce, encrypt].sort().join('')).digest('hex');
}

/** Constant-time comparison of two hex signatures. */
function sameSignature(expected: string, given: string): boolean {
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && crypto.timingSafeEqual(a, b);
}

export interface WxBizMsgCryptOptions {
  token: string;
  /** 43 characters; any other length is -40004. */
  encodingAesKey: string;
  /** The corp id (or a suite id for third-party suites). */
  receiveId: string;
  /** The 16 random bytes in front of each plaintext (tests fix them). */
  randomBytes?: () => Buffer;
}

/** The decrypted message and what came with it. */
export interface Decrypted {
  message: string;
  /** The receiveid found in the plaintext (equal to ours; a mismatch throws -40005). */
  receiveId: string;
  random: Buffer;
}

export class WxBizMsgCrypt {
  private readonly key: Buffer;
  private readonly iv: Buffer;

  constructor(private readonly options: WxBizMsgCryptOptions) {
    const { encodingAesKey } = options;
    const key = encodingAesKey.length === 43 && BASE64.test(`${encodingAesKey}=`) ? Buffer.from(`${encodingAesKey}=`, 'base64') : null;
    if (!key || key.length !== 32) throw new WxBizMsgCryptError(WXBIZ_ERRORS.IllegalAesKey, 'EncodingAESKey must be 43 base64 characters');
    this.key = key;
    this.iv = key.subarray(0, 16);
  }

  /** Signs `encrypt` with this token. */
  sign(timestamp: string, nonce: string, encrypt: string): string {
    return msgSignature(this.options.token, timestamp, nonce, encrypt);
  }

  /** Throws -40001 unless `signature` is the msg_signature of `encrypt`. */
  verify(signature: string, timestamp: string, nonce: string, encrypt: string): void {
    if (!sameSignature(this.sign(timestamp, nonce, encrypt), signature.toLowerCase())) {
      throw new WxBizMsgCryptError(WXBIZ_ERRORS.ValidateSignature, 'msg_signature does not match');
    }
  }

  /** Encrypts `message` (UTF-8) for our receiveid; base64. */
  encrypt(message: string, random: Buffer = this.options.randomBytes?.() ?? crypto.randomBytes(16)): string {
    if (random.length !== 16) throw new WxBizMsgCryptError(WXBIZ_ERRORS.EncryptAES, 'the random prefix must be 16 bytes');
    const body = Buffer.from(message, 'utf8');
    const length = Buffer.alloc(4);
    length.writeUInt32BE(body.length);
    const plain = Buffer.concat([random, length, body, Buffer.from(this.options.receiveId, 'utf8')]);
    const pad = BLOCK_SIZE - (plain.length % BLOCK_SIZE);
    const cipher = crypto.createCipheriv('aes-256-cbc', this.key, this.iv);
    cipher.setAutoPadding(false);
    return Buffer.concat([cipher.update(Buffer.concat([plain, Buffer.alloc(pad, pad)])), cipher.final()]).toString('base64');
  }

  /** Decrypts `encrypt` and checks its receiveid (-40005 on mismatch). Does not check the signature. */
  decrypt(encrypt: string): Decrypted {
    if (encrypt.length === 0 || !BASE64.test(encrypt)) throw new WxBizMsgCryptError(WXBIZ_ERRORS.DecodeBase64, 'Encrypt is not base64');
    const data = Buffer.from(encrypt, 'base64');
    if (data.length === 0 || data.length % 16 !== 0) throw new WxBizMsgCryptError(WXBIZ_ERRORS.DecryptAES, 'ciphertext is not whole AES blocks');
    let plain: Buffer;
    try {
      const decipher = crypto.createDecipheriv('aes-256-cbc', this.key, this.iv);
      decipher.setAutoPadding(false);
      plain = Buffer.concat([decipher.update(data), decipher.final()]);
    } catch {
      throw new WxBizMsgCryptError(WXBIZ_ERRORS.DecryptAES, 'AES decryption failed');
    }
    const pad = plain[plain.length - 1] ?? 0;
    if (pad < 1 || pad > BLOCK_SIZE || pad > plain.length) throw new WxBizMsgCryptError(WXBIZ_ERRORS.DecryptAES, 'bad PKCS#7 padding');
    const content = plain.subarray(0, plain.length - pad);
    if (content.length < 20) throw new WxBizMsgCryptError(WXBIZ_ERRORS.IllegalBuffer, 'plaintext too short');
    const length = content.readUInt32BE(16);
    if (20 + length > content.length) throw new WxBizMsgCryptError(WXBIZ_ERRORS.IllegalBuffer, 'message length out of range');
    const receiveId = content.subarray(20 + length).toString('utf8');
    if (receiveId !== this.options.receiveId) throw new WxBizMsgCryptError(WXBIZ_ERRORS.ValidateCorpid, 'receiveid does not match');
    return { message: content.subarray(20, 20 + length).toString('utf8'), receiveId, random: Buffer.from(content.subarray(0, 16)) };
  }

  /** URL verification: checks the signature over `echostr` and returns its plaintext (the reply). */
  verifyUrl(signature: string, timestamp: string, nonce: string, echostr: string): string {
    this.verify(signature, timestamp, nonce, echostr);
    return this.decrypt(echostr).message;
  }

  /** A data callback: checks the signature over `encrypt`, decrypts it, checks the receiveid. */
  decryptMessage(signature: string, timestamp: string, nonce: string, encrypt: string): string {
    this.verify(signature, timestamp, nonce, encrypt);
    return this.decrypt(encrypt).message;
  }

  /** Encrypts a message and signs it: what a callback body (or a passive reply) carries. */
  encryptMessage(message: string, timestamp: string, nonce: string, random?: Buffer): { encrypt: string; signature: string } {
    const encrypt = this.encrypt(message, random);
    return { encrypt, signature: this.sign(timestamp, nonce, encrypt) };
  }
}
