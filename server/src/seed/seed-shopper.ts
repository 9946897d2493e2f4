import type { Executor } from '../db/client';
import { replaceHotWordRows } from '../modules/hot-words';

/** The demo's search hot words (热搜): each finds products of the demo catalog. */
export const DEMO_HOT_WORDS = ['燕麦奶', '每日坚果', '蛋白粉', '希腊酸奶', '全麦吐司', '椰子水'] as const;

export async function seedDemoShopper(db: Executor, now: Date): Promise<void> {
  await replaceHotWordRows(db, DEMO_HOT_WORDS, now);
}
