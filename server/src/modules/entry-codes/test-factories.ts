import crypto from 'node:crypto';
import { channelCodeBatches, channelCodes, channels } from '../../db/schema';
import type { TestApp } from '../../testing/test-app';
import { randomBase62 } from './sms-links';

/** A channel inserted directly (the channels API is another module's). */
export async function createChannelDirect(t: TestApp, overrides: Partial<typeof channels.$inferInsert> = {}) {
  const [row] = await t.deps.db
    .insert(channels)
    .values({ kind: 'package_card', name: `包裹卡 ${crypto.randomBytes(3).toString('hex')}`, ...overrides })
    .returning();
  if (!row) throw new Error('channel insert returned nothing');
  return row;
}

/** A single code (`c=` + 6 base62, or the scene given). */
export async function createCodeDirect(t: TestApp, channelId: number, overrides: Partial<typeof channelCodes.$inferInsert> = {}) {
  const [row] = await t.deps.db
    .insert(channelCodes)
    .values({ channelId, scene: `c=${randomBase62(6)}`, ...overrides })
    .returning();
  if (!row) throw new Error('code insert returned nothing');
  return row;
}

/** A batch of `quantity` per-unit codes (`c=` + 8 base62, unit 1..N). */
export async function createBatchDirect(t: TestApp, channelId: number, quantity: number, label = '') {
  const [batch] = await t.deps.db.insert(channelCodeBatches).values({ channelId, quantity, label }).returning();
  if (!batch) throw new Error('batch insert returned nothing');
  const codes = await t.deps.db
    .insert(channelCodes)
    .values(Array.from({ length: quantity }, (_, i) => ({ channelId, batchId: batch.id, unitIndex: i + 1, scene: `c=${randomBase62(8)}` })))
    .returning();
  return { batch, codes: codes.sort((a, b) => (a.unitIndex ?? 0) - (b.unitIndex ?? 0)) };
}
