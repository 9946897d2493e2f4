import crypto from 'node:crypto';
import { simWecomContacts, wecomContacts } from '../../db/schema';
import { TEST_WECOM, type TestApp } from '../../testing/test-app';
import { WecomClient } from '../../wecom/client';

export const randomExternalId = (): string => `wm${crypto.randomBytes(10).toString('hex')}`;
export const randomUserId = (): string => `sales-${crypto.randomBytes(4).toString('hex')}`;

/** A customer both WeCom (the simulator) and we know: followed by `userId`, linked to `memberId` (when given). */
export async function linkWecomContact(t: TestApp, memberId: number | null, userId: string, externalUserId = randomExternalId()): Promise<string> {
  const now = t.clock.now();
  await t.deps.db.insert(simWecomContacts).values({
    externalUserId,
    corpId: TEST_WECOM.corpId,
    name: '客户',
    followUsers: [{ userid: userId, state: '', createtime: Math.floor(now.getTime() / 1000) }],
    createdAtMs: now.getTime(),
  });
  await t.deps.db.insert(wecomContacts).values({ externalUserId, memberId, followUserId: userId, addedAt: now, fetchedAt: now });
  return externalUserId;
}

/** A client of the test app's WeCom simulator on the test clock. */
export function testWecomClient(t: TestApp): WecomClient {
  return new WecomClient({
    corpId: TEST_WECOM.corpId,
    secret: TEST_WECOM.secret,
    baseUrl: t.deps.config.wecom?.apiBase ?? '',
    now: () => t.clock.now().getTime(),
    busyBackoffMs: () => 5,
  });
}
