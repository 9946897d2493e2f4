import fs from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../config';
import { msgSignature, WXBIZ_ERRORS, WxBizMsgCrypt } from './crypto';
import { parseWecomXml, xmlText } from './xml';

/** The official WeCom sample vectors, read from ../shared at test time (never copied into the repository). */
interface Vectors {
  config: { token: string; encodingAESKey: string; receiveid: string };
  vectors: {
    id: string;
    request?: { query: Record<string, string>; body?: string; rawQueryEchostr?: string };
    encrypt?: string;
    expect: Record<string, unknown> & { plaintext?: string; reply?: string; randomHex?: string };
    encryptCheck?: { randomHex: string; plaintext: string; expectedEncrypt: string };
    input?: { replyMsg: string; randomAscii: string; timestamp: string; nonce: string };
  }[];
  negatives: Record<string, unknown>[];
}

const file = path.resolve(REPO_ROOT, '../shared/wecom-vectors/vectors.json');
const data = JSON.parse(fs.readFileSync(file, 'utf8')) as Vectors;
const { token, encodingAESKey, receiveid } = data.config;
const crypt = new WxBizMsgCrypt({ token, encodingAesKey: encodingAESKey, receiveId: receiveid });
const negative = (id: string) => data.negatives.find((n) => n.id === id) as Record<string, string>;
const vector = (id: string) => {
  const found = data.vectors.find((v) => v.id === id);
  if (!found) throw new Error(`no vector ${id}`);
  return found;
};

describe('WXBizMsgCrypt against the official WeCom vectors', () => {
  it('reads all five vectors and four negatives', () => {
    expect(data.vectors).toHaveLength(5);
    expect(data.negatives.length).toBeGreaterThanOrEqual(4);
  });

  it.each(data.vectors.filter((v) => v.request).map((v) => [v.id, v] as const))('%s: the signature verifies and the plaintext decrypts', (_, v) => {
    const q = v.request?.query ?? {};
    const encrypt = q.echostr ?? v.encrypt ?? '';
    expect(msgSignature(token, q.timestamp ?? '', q.nonce ?? '', encrypt)).toBe(q.msg_signature);
    const message = crypt.decryptMessage(q.msg_signature ?? '', q.timestamp ?? '', q.nonce ?? '', encrypt);
    expect(message).toBe(v.expect.reply ?? v.expect.plaintext);
    if (v.expect.randomHex) expect(crypt.decrypt(encrypt).random.toString('hex')).toBe(v.expect.randomHex);
  });

  it('URL verification answers the echostr plaintext (from the URL-decoded query)', () => {
    const v = vector('verify-url');
    const q = v.request?.query ?? {};
    const echostr = decodeURIComponent(v.request?.rawQueryEchostr ?? '');
    expect(echostr).toBe(q.echostr);
    expect(crypt.verifyUrl(q.msg_signature ?? '', q.timestamp ?? '', q.nonce ?? '', echostr)).toBe('1616140317555161061');
  });

  it.each(data.vectors.filter((v) => v.encryptCheck).map((v) => [v.id, v] as const))('%s: re-encryption with its random prefix is byte-exact', (_, v) => {
    const check = v.encryptCheck;
    if (!check) throw new Error('no encryptCheck');
    expect(crypt.encrypt(check.plaintext, Buffer.from(check.randomHex, 'hex'))).toBe(check.expectedEncrypt);
  });

  it('sim-encrypt-reply: encrypts and signs a passive reply byte-exact', () => {
    const v = vector('sim-encrypt-reply');
    const input = v.input;
    if (!input) throw new Error('no input');
    const { encrypt, signature } = crypt.encryptMessage(input.replyMsg, input.timestamp, input.nonce, Buffer.from(input.randomAscii));
    expect(encrypt).toBe(v.expect.encrypt);
    expect(signature).toBe(v.expect.msgSignature);
  });

  it('the XML vectors parse (body Encrypt equals the signed ciphertext; the event fields come out)', () => {
    const body = parseWecomXml(vector('decrypt-xml-text').request?.body ?? '');
    expect(xmlText(body, 'Encrypt')).toBe(vector('decrypt-xml-text').encrypt);
    const eventVector = vector('sim-add-external-contact');
    const event = parseWecomXml(crypt.decrypt(eventVector.encrypt ?? '').message);
    const parsed = eventVector.expect.parsed as Record<string, string | number>;
    for (const [name, value] of Object.entries(parsed)) expect(xmlText(event, name)).toBe(String(value));
  });

  it('wrong token → -40001', () => {
    const wrong = new WxBizMsgCrypt({ token: negative('wrong-token').token ?? '', encodingAesKey: encodingAESKey, receiveId: receiveid });
    const q = vector('verify-url').request?.query ?? {};
    expect(() => wrong.verifyUrl(q.msg_signature ?? '', q.timestamp ?? '', q.nonce ?? '', q.echostr ?? '')).toThrow(
      expect.objectContaining({ errcode: WXBIZ_ERRORS.ValidateSignature }),
    );
  });

  it('wrong receiveid → -40005', () => {
    const other = new WxBizMsgCrypt({ token, encodingAesKey: encodingAESKey, receiveId: negative('wrong-receiveid').receiveid ?? '' });
    const v = vector('decrypt-xml-text');
    const q = v.request?.query ?? {};
    expect(() => other.decryptMessage(q.msg_signature ?? '', q.timestamp ?? '', q.nonce ?? '', v.encrypt ?? '')).toThrow(
      expect.objectContaining({ errcode: WXBIZ_ERRORS.ValidateCorpid }),
    );
  });

  it('a 42-character EncodingAESKey → -40004', () => {
    expect(() => new WxBizMsgCrypt({ token, encodingAesKey: negative('short-aes-key').encodingAESKey ?? '', receiveId: receiveid })).toThrow(
      expect.objectContaining({ errcode: WXBIZ_ERRORS.IllegalAesKey }),
    );
  });

  it('tampered ciphertext under its old signature → -40001 (never decrypted)', () => {
    const n = negative('signature-over-tampered-ciphertext');
    const q = vector('decrypt-xml-text').request?.query ?? {};
    expect(() => crypt.decryptMessage(n.originalMsgSignature ?? '', q.timestamp ?? '', q.nonce ?? '', n.tamperedEncrypt ?? '')).toThrow(
      expect.objectContaining({ errcode: WXBIZ_ERRORS.ValidateSignature }),
    );
    expect(msgSignature(token, q.timestamp ?? '', q.nonce ?? '', n.tamperedEncrypt ?? '')).toBe(n.signatureOverTampered);
  });

  it('rejects non-base64, partial blocks and bad padding with SDK codes', () => {
    expect(() => crypt.decrypt('not base64!')).toThrow(expect.objectContaining({ errcode: WXBIZ_ERRORS.DecodeBase64 }));
    expect(() => crypt.decrypt(Buffer.alloc(20).toString('base64'))).toThrow(expect.objectContaining({ errcode: WXBIZ_ERRORS.DecryptAES }));
    expect(() => crypt.decrypt(Buffer.alloc(32, 1).toString('base64'))).toThrow(expect.objectContaining({ errcode: expect.any(Number) }));
  });

  it('pads a block-aligned plaintext with a full block of 32', () => {
    // 16 random + 4 length + 8 message + 4 receiveid = 32: aligned, so 32 bytes of pad follow.
    const aligned = new WxBizMsgCrypt({ token, encodingAesKey: encodingAESKey, receiveId: 'corp' });
    const encrypted = Buffer.from(aligned.encrypt('12345678', Buffer.alloc(16, 1)), 'base64');
    expect(encrypted.length).toBe(64);
    expect(aligned.decrypt(encrypted.toString('base64')).message).toBe('12345678');
  });
});
