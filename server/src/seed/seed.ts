import path from 'node:path';
import type { StaffRole } from '@siyu/shared';
import type { Db } from '../db/client';
import { appMeta, staff } from '../db/schema';
import { localMediaStorage } from '../modules/media';
import { hashPassword } from '../modules/staff';
import { generateDemoImages } from './demo-images';
import { seedDemoCatalog } from './seed-catalog';
import { seedDemoMembership } from './seed-membership';
import { seedDemoShopper } from './seed-shopper';
import { seedDemoPromotions } from './seed-promotions';
import { seedDemoShipping } from './seed-shipping';
import { seedDemoAfterSale } from './seed-after-sale';
import { seedDemoChannels } from './seed-channels';
import { seedDemoCrm } from './seed-crm';

/** Demo staff accounts, one per role. Printed in the start-up banner and marked as demo credentials. */
export const DEMO_PASSWORD = 'siyu-demo-2026';
export const DEMO_STAFF: readonly { username: string; displayName: string; role: StaffRole }[] = [
  { username: 'owner', displayName: '店主（演示）', role: 'owner' },
  { username: 'operator', displayName: '运营小林（演示）', role: 'operator' },
  { username: 'service', displayName: '客服小周（演示）', role: 'service' },
  { username: 'analyst', displayName: '数据小陈（演示）', role: 'analyst' },
];

export interface SeedResult {
  seeded: boolean;
  categories?: number;
  products?: number;
  skus?: number;
}

/**
 * Seeds the demo brand once: the `demo_seed` marker row is inserted in the same transaction as the
 * data, so a second start (or two racing starts) finds it and does nothing. The product pictures are
 * generated into the media library at `mediaDir` first (cached: only the first seed renders them).
 */
export async function seedDemo(db: Db, mediaDir: string, phoneKey: Buffer | null = null): Promise<SeedResult> {
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const images = await generateDemoImages(localMediaStorage(mediaDir), path.join(mediaDir, 'generated'));
  return db.transaction(async (tx) => {
    const marker = await tx
      .insert(appMeta)
      .values({ key: 'demo_seed', value: { seededAt: new Date().toISOString() } })
      .onConflictDoNothing()
      .returning({ key: appMeta.key });
    if (marker.length === 0) return { seeded: false };
    await tx
      .insert(staff)
      .values(DEMO_STAFF.map((account) => ({ ...account, passwordHash })))
      .onConflictDoNothing();
    const counts = await seedDemoCatalog(tx, images);
    const now = new Date();
    await seedDemoPromotions(tx, now);
    await seedDemoMembership(tx, now);
    await seedDemoShopper(tx, now);
    await seedDemoShipping(tx);
    await seedDemoAfterSale(tx);
    // Channels, codes and 120 days of simulated actuals (members and orders need the phone key).
    await seedDemoChannels(tx, now, phoneKey);
    // Customer data: earlier customers in every RFM cell and lifecycle stage, tags, segments, views; facts computed.
    await seedDemoCrm(tx, now, phoneKey);
    return { seeded: true, ...counts };
  });
}
