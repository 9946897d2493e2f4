import crypto, { type KeyObject } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../../db/client';
import { simKeys } from '../../db/schema';
import { randomDigits } from './sim-ledger';

/**
 * The pay simulator's keys: the merchant's key pair (the simulator holds the private half so the demo can
 * configure the client), the WeChat Pay public key (PUB_KEY_ID_…), a platform-certificate key and the APIv3
 * key. Every process on one database must use the same ones (a prepay signed by one is paid through another's
 * sheet, a notification encrypted by one is decrypted by another), so the first process stores them in
 * `sim_keys` with `ON CONFLICT DO NOTHING` and every process reads back the row that won.
 */
export interface SimKeyPair {
  serial: string;
  privateKey: KeyObject;
  publicKey: KeyObject;
}

export interface SimulatorKeys {
  apiV3Key: string;
  merchant: SimKeyPair;
  publicKeyId: SimKeyPair;
  certificate: SimKeyPair;
}

const storedPair = z.object({ serial: z.string(), privateKeyPem: z.string() });
const storedKeys = z.object({ apiV3Key: z.string().length(32), merchant: storedPair, publicKeyId: storedPair, certificate: storedPair });

function generateKeyPair(serial: string): SimKeyPair {
  const { privateKey, publicKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { serial, privateKey, publicKey };
}

function hexSerial(): string {
  return crypto.randomBytes(20).toString('hex').toUpperCase();
}

/** Fresh keys (a simulator of its own, or the first process on a database). */
export function generateSimulatorKeys(): SimulatorKeys {
  return {
    apiV3Key: crypto.randomBytes(24).toString('base64url'),
    merchant: generateKeyPair(hexSerial()),
    publicKeyId: generateKeyPair(`PUB_KEY_ID_01${randomDigits(26)}`),
    certificate: generateKeyPair(hexSerial()),
  };
}

function toStored(keys: SimulatorKeys): z.infer<typeof storedKeys> {
  const pair = (key: SimKeyPair) => ({ serial: key.serial, privateKeyPem: key.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() });
  return { apiV3Key: keys.apiV3Key, merchant: pair(keys.merchant), publicKeyId: pair(keys.publicKeyId), certificate: pair(keys.certificate) };
}

function fromStored(value: unknown): SimulatorKeys {
  const stored = storedKeys.parse(value);
  const pair = (key: z.infer<typeof storedPair>): SimKeyPair => {
    const privateKey = crypto.createPrivateKey(key.privateKeyPem);
    return { serial: key.serial, privateKey, publicKey: crypto.createPublicKey(privateKey) };
  };
  return { apiV3Key: stored.apiV3Key, merchant: pair(stored.merchant), publicKeyId: pair(stored.publicKeyId), certificate: pair(stored.certificate) };
}

/** The keys of merchant `mchid`'s simulator on this database: created by the first caller, read back by all. */
export async function loadSimulatorKeys(db: Db, mchid: string): Promise<SimulatorKeys> {
  const name = `wechatpay:${mchid}`;
  const [existing] = await db.select().from(simKeys).where(eq(simKeys.name, name));
  if (existing) return fromStored(existing.value);
  await db
    .insert(simKeys)
    .values({ name, value: toStored(generateSimulatorKeys()) })
    .onConflictDoNothing();
  const [winner] = await db.select().from(simKeys).where(eq(simKeys.name, name));
  if (!winner) throw new Error(`simulator keys ${name} were not stored`);
  return fromStored(winner.value);
}
