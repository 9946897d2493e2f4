import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { decryptPlatformCertificate } from './certificates';
import { decryptAes256Gcm, decryptAesGcm } from './crypto';
import { WechatPayNotificationError } from './errors';
import { verifyAndDecryptNotification } from './notification';
import { checkWechatpaySignature, requestSigningMessage, signMessage, toPrivateKey, toPublicKey, verifyMessage } from './signing';

/**
 * Public test vectors of the official WeChat Pay SDKs (wechatpay-go, wechatpay-java, wechatpay-axios-plugin),
 * read from ../shared/wechat-vectors/vectors.json beside the repository (CI has it; it is not copied in).
 * Our decryption, signing and verification must give the SDKs' answers.
 */
const repoRoot = path.resolve(__dirname, '../../../..');
const vectorsPath = path.resolve(repoRoot, '../shared/wechat-vectors/vectors.json');

interface Source {
  repo?: string;
  path?: string;
}
interface Vectors {
  aesGcm: {
    javaAeadAesCipher: {
      key: string;
      nonce: string;
      associatedData: string;
      ciphertext: string;
      plaintext: string;
      badAssociatedData: string;
      badNonce: string;
      badCiphertextZeroBytes: number;
    };
    javaDownloadCertificate: { key: string; item: Parameters<typeof decryptPlatformCertificate>[1]; expectedSerial: string };
    goUtilsAes128: { key: string; nonce: string; associatedData: string; ciphertext: string; plaintext: string };
    axiosGcm16ByteIv: { key: string; nonce: string; cases: { plaintext: string; associatedData: string; ciphertext: string }[] };
  };
  rsa: {
    goTestKey: { privateKeyPem: string; message: string; signature: string };
    goVerifierCertificate: { serial: string; certificatePem: string; signature: string; message: string; wrongMessage: string };
    goVerifierPublicKey: { keyId: string; publicKeyPem: string };
    javaMerchant: {
      privateKeyPem: string;
      certificatePem: string;
      certificateSerial: string;
      message: string;
      signature: string;
      wechatPayPublicKeyPem: string;
      wechatPayCertificatePem: string;
      wechatPayCertificateSerial: string;
    };
  };
  requestSigning: {
    goCredential: { timestamp: number; nonce: string; cases: { method: string; url: string; body: string; message: string }[] };
    officialDoc: { source: Source; method: string; url: string; timestamp: number; nonce: string; body: string; message: string };
  };
  notification: {
    goNotify: { nowUnix: number; apiV3Key: string; certificatePem: string; headers: Record<string, string>; body: string; expectedPlaintext: string };
  };
}

function loadVectors(): Vectors {
  if (!fs.existsSync(vectorsPath)) {
    throw new Error(`WeChat Pay test vectors missing: expected ${vectorsPath} (the shared/wechat-vectors folder beside the repository; CI provides it)`);
  }
  return JSON.parse(fs.readFileSync(vectorsPath, 'utf8')) as Vectors;
}

const vectors = loadVectors();
const lowerCaseHeaders = (headers: Record<string, string>) => Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));

describe('WeChat Pay test vectors: AES-GCM', () => {
  const java = vectors.aesGcm.javaAeadAesCipher;

  it('decrypts the Java SDK vector with the APIv3 key', () => {
    expect(decryptAes256Gcm(java.key, java.ciphertext, java.nonce, java.associatedData)).toBe(java.plaintext);
  });

  it('refuses the Java SDK vector with a wrong AAD, a wrong nonce or zero bytes', () => {
    expect(decryptAes256Gcm(java.key, java.ciphertext, java.nonce, java.badAssociatedData)).toBeNull();
    expect(decryptAes256Gcm(java.key, java.ciphertext, java.badNonce, java.associatedData)).toBeNull();
    expect(decryptAes256Gcm(java.key, Buffer.alloc(java.badCiphertextZeroBytes).toString('base64'), java.nonce, java.associatedData)).toBeNull();
  });

  it('decrypts the Go SDK AES-128 vector with the generic decryption, which the APIv3 form refuses (keys are 32 characters)', () => {
    const go = vectors.aesGcm.goUtilsAes128;
    expect(decryptAesGcm(Buffer.from(go.key, 'utf8'), go.ciphertext, Buffer.from(go.nonce, 'utf8'), go.associatedData)).toBe(go.plaintext);
    expect(() => decryptAes256Gcm(go.key, go.ciphertext, go.nonce, go.associatedData)).toThrow(TypeError);
  });

  it.each(vectors.aesGcm.axiosGcm16ByteIv.cases)('decrypts the axios-plugin vector with a 16-byte IV ($plaintext / $associatedData)', (item) => {
    const axios = vectors.aesGcm.axiosGcm16ByteIv;
    expect(decryptAesGcm(Buffer.from(axios.key, 'utf8'), item.ciphertext, Buffer.from(axios.nonce, 'utf8'), item.associatedData)).toBe(item.plaintext);
  });

  it('decrypts the Java SDK downloaded platform certificate and reads its serial', () => {
    const download = vectors.aesGcm.javaDownloadCertificate;
    const certificate = decryptPlatformCertificate(download.key, download.item);
    expect(certificate.serial).toBe(download.expectedSerial);
    expect(new crypto.X509Certificate(certificate.pem).serialNumber).toBe(download.expectedSerial);
    expect(certificate.expireMs).toBe(Date.parse('2028-09-17T23:15:58+08:00'));
  });

  it('refuses the downloaded certificate under another serial or a wrong key', () => {
    const download = vectors.aesGcm.javaDownloadCertificate;
    expect(() => decryptPlatformCertificate(download.key, { ...download.item, serial_no: 'ABCDEF' })).toThrow(
      expect.objectContaining({ code: 'RESPONSE_MALFORMED' }),
    );
    expect(() => decryptPlatformCertificate('0'.repeat(32), download.item)).toThrow(expect.objectContaining({ code: 'RESPONSE_MALFORMED' }));
  });
});

describe('WeChat Pay test vectors: SHA256withRSA', () => {
  it('signs like the Go SDK', () => {
    const go = vectors.rsa.goTestKey;
    expect(signMessage(toPrivateKey(go.privateKeyPem), go.message)).toBe(go.signature);
  });

  it('verifies with the Go SDK certificate, not the wrong message', () => {
    const go = vectors.rsa.goVerifierCertificate;
    const key = toPublicKey(new crypto.X509Certificate(go.certificatePem).publicKey);
    expect(new crypto.X509Certificate(go.certificatePem).serialNumber).toBe(go.serial);
    expect(verifyMessage(key, go.message, go.signature)).toBe(true);
    expect(verifyMessage(key, go.wrongMessage, go.signature)).toBe(false);
  });

  it('verifies with the Go SDK WeChat Pay public key', () => {
    const key = toPublicKey(vectors.rsa.goVerifierPublicKey.publicKeyPem);
    expect(verifyMessage(key, vectors.rsa.goVerifierCertificate.message, vectors.rsa.goVerifierCertificate.signature)).toBe(true);
  });

  it('signs and verifies like the Java SDK merchant, whose WeChat Pay certificate carries the WeChat Pay public key', () => {
    const java = vectors.rsa.javaMerchant;
    expect(signMessage(toPrivateKey(java.privateKeyPem), java.message)).toBe(java.signature);
    const certificate = new crypto.X509Certificate(java.certificatePem);
    expect(certificate.serialNumber).toBe(java.certificateSerial);
    expect(verifyMessage(toPublicKey(certificate.publicKey), java.message, java.signature)).toBe(true);
    const platform = new crypto.X509Certificate(java.wechatPayCertificatePem);
    expect(platform.serialNumber).toBe(java.wechatPayCertificateSerial);
    const spki = (key: crypto.KeyObject) => key.export({ type: 'spki', format: 'der' }).toString('base64');
    expect(spki(platform.publicKey)).toBe(spki(toPublicKey(java.wechatPayPublicKeyPem)));
  });
});

describe('WeChat Pay test vectors: request signing messages', () => {
  it.each(vectors.requestSigning.goCredential.cases)('builds the Go SDK message for $method $url', (item) => {
    const go = vectors.requestSigning.goCredential;
    expect(requestSigningMessage(item.method, item.url, String(go.timestamp), go.nonce, item.body)).toBe(item.message);
  });

  it('builds the message of the official documentation', () => {
    const doc = vectors.requestSigning.officialDoc;
    expect(requestSigningMessage(doc.method, doc.url, String(doc.timestamp), doc.nonce, doc.body)).toBe(doc.message);
  });
});

describe('WeChat Pay test vectors: a full signed notification (Go SDK)', () => {
  const notify = vectors.notification.goNotify;
  const serial = notify.headers['Wechatpay-Serial'] ?? '';
  const keys = new Map([[serial, toPublicKey(new crypto.X509Certificate(notify.certificatePem).publicKey)]]);

  it('verifies its signature at its time, by Wechatpay-Serial', () => {
    const check = checkWechatpaySignature({ headers: lowerCaseHeaders(notify.headers), body: notify.body, keys, nowMs: notify.nowUnix * 1000 });
    expect(check).toEqual({ isValid: true, serial });
  });

  it('refuses it 5 minutes later, with one byte changed, or under an unknown serial', () => {
    const headers = lowerCaseHeaders(notify.headers);
    const late = checkWechatpaySignature({ headers, body: notify.body, keys, nowMs: (notify.nowUnix + 300) * 1000 });
    expect(late).toMatchObject({ isValid: false, reason: 'stale' });
    const tampered = checkWechatpaySignature({
      headers,
      body: notify.body.replace('encrypt-resource', 'encrypt-resourcE'),
      keys,
      nowMs: notify.nowUnix * 1000,
    });
    expect(tampered).toMatchObject({ isValid: false, reason: 'bad_signature' });
    const unknown = checkWechatpaySignature({ headers: { ...headers, 'wechatpay-serial': 'FFFF' }, body: notify.body, keys, nowMs: notify.nowUnix * 1000 });
    expect(unknown).toMatchObject({ isValid: false, reason: 'unknown_serial' });
  });

  it('decrypts its resource to the SDK plaintext', () => {
    const envelope = JSON.parse(notify.body) as { resource: { ciphertext: string; nonce: string; associated_data: string } };
    const { ciphertext, nonce, associated_data: associatedData } = envelope.resource;
    expect(decryptAesGcm(Buffer.from(notify.apiV3Key, 'utf8'), ciphertext, Buffer.from(nonce, 'utf8'), associatedData)).toBe(notify.expectedPlaintext);
  });

  it('passes our notification check up to the event type (a PAYSCORE event is not ours to handle)', () => {
    const context = { mchid: '1234567890', appid: 'wx0000000000000000', apiV3Key: notify.apiV3Key, keys, nowMs: notify.nowUnix * 1000 };
    const verify = () => verifyAndDecryptNotification({ headers: lowerCaseHeaders(notify.headers), rawBody: notify.body }, context);
    expect(verify).toThrow(WechatPayNotificationError);
    expect(verify).toThrow(expect.objectContaining({ reason: 'malformed', message: expect.stringMatching(/^event PAYSCORE\./) }));
  });
});
