import crypto, { type KeyObject } from 'node:crypto';
import { encryptAes256Gcm, RESOURCE_ALGORITHM } from './crypto';
import { formatBeijingTime, randomNonce } from './signing';

/**
 * The simulator's platform certificates: real X.509 v3 certificates (self-signed, SHA256withRSA), built
 * here in DER because node:crypto reads certificates but cannot write them — a few ASN.1 elements are
 * all a certificate needs, and no dependency is added for the simulator. Served by GET /v3/certificates
 * encrypted with the APIv3 key, as WeChat Pay serves them.
 */

export interface SimCertificate {
  serial: string;
  privateKey: KeyObject;
  publicKey: KeyObject;
  pem: string;
  effectiveMs: number;
  expireMs: number;
}

function der(tag: number, content: Buffer): Buffer {
  const length = content.length;
  if (length < 0x80) return Buffer.concat([Buffer.from([tag, length]), content]);
  const bytes: number[] = [];
  for (let rest = length; rest > 0; rest >>= 8) bytes.unshift(rest & 0xff);
  return Buffer.concat([Buffer.from([tag, 0x80 | bytes.length, ...bytes]), content]);
}

const sequence = (...parts: Buffer[]) => der(0x30, Buffer.concat(parts));
const set = (...parts: Buffer[]) => der(0x31, Buffer.concat(parts));

function integer(bytes: Buffer): Buffer {
  // DER integers are signed: a leading byte ≥ 0x80 needs a 0x00 before it to stay positive.
  return der(0x02, (bytes[0] ?? 0) >= 0x80 ? Buffer.concat([Buffer.from([0]), bytes]) : bytes);
}

function objectId(dotted: string): Buffer {
  const [first = 0, second = 0, ...rest] = dotted.split('.').map(Number);
  const bytes = [first * 40 + second];
  for (const arc of rest) {
    const base128 = [arc & 0x7f];
    for (let value = arc >> 7; value > 0; value >>= 7) base128.unshift((value & 0x7f) | 0x80);
    bytes.push(...base128);
  }
  return der(0x06, Buffer.from(bytes));
}

/** UTCTime up to 2049, GeneralizedTime after (RFC 5280 §4.1.2.5). */
function time(ms: number): Buffer {
  const iso = new Date(ms).toISOString();
  const digits = `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}Z`;
  return new Date(ms).getUTCFullYear() < 2050 ? der(0x17, Buffer.from(digits.slice(2), 'ascii')) : der(0x18, Buffer.from(digits, 'ascii'));
}

const SHA256_WITH_RSA = sequence(objectId('1.2.840.113549.1.1.11'), Buffer.from([0x05, 0x00]));

function platformName(): Buffer {
  const attribute = (oid: string, tag: number, value: string) => set(sequence(objectId(oid), der(tag, Buffer.from(value, 'utf8'))));
  return sequence(attribute('2.5.4.6', 0x13, 'CN'), attribute('2.5.4.10', 0x0c, '财付通支付科技有限公司'), attribute('2.5.4.3', 0x0c, 'Tenpay.com Root CA'));
}

/** A self-signed certificate of `key` under `serial` (hex), valid from `effectiveMs` to `expireMs`. */
export function createSimCertificate(
  key: { serial: string; privateKey: KeyObject; publicKey: KeyObject },
  effectiveMs: number,
  expireMs: number,
): SimCertificate {
  const name = platformName();
  const tbs = sequence(
    der(0xa0, integer(Buffer.from([2]))),
    integer(Buffer.from(key.serial.length % 2 === 0 ? key.serial : `0${key.serial}`, 'hex')),
    SHA256_WITH_RSA,
    name,
    sequence(time(effectiveMs), time(expireMs)),
    name,
    key.publicKey.export({ type: 'spki', format: 'der' }),
  );
  const signature = crypto.sign('sha256', tbs, key.privateKey);
  const body = sequence(tbs, SHA256_WITH_RSA, der(0x03, Buffer.concat([Buffer.from([0]), signature])));
  const pem = `-----BEGIN CERTIFICATE-----\n${body.toString('base64').replace(/.{64}/g, '$&\n').replace(/\n$/, '')}\n-----END CERTIFICATE-----\n`;
  return { ...key, pem, effectiveMs, expireMs };
}

/** A new platform key and its certificate (a 40-hex serial, positive as DER requires). */
export function generateSimCertificate(effectiveMs: number, expireMs: number): SimCertificate {
  const { privateKey, publicKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
  const serial = `${(0x10 + crypto.randomInt(0x70)).toString(16)}${crypto.randomBytes(19).toString('hex')}`.toUpperCase();
  return createSimCertificate({ serial, privateKey, publicKey }, effectiveMs, expireMs);
}

/** The body of GET /v3/certificates: every certificate, encrypted with the APIv3 key (AAD "certificate"). */
export function certificatesAnswer(apiV3Key: string, certificates: readonly SimCertificate[]): { data: unknown[] } {
  return {
    data: certificates.map((certificate) => {
      const nonce = randomNonce(12);
      return {
        serial_no: certificate.serial,
        effective_time: formatBeijingTime(certificate.effectiveMs),
        expire_time: formatBeijingTime(certificate.expireMs),
        encrypt_certificate: {
          algorithm: RESOURCE_ALGORITHM,
          nonce,
          associated_data: 'certificate',
          ciphertext: encryptAes256Gcm(apiV3Key, certificate.pem, nonce, 'certificate'),
        },
      };
    }),
  };
}
