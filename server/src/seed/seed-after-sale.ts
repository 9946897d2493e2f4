import type { Executor } from '../db/client';
import { afterSaleSettings } from '../db/schema';

/** The demo store's return address, so a 退货退款 can be approved in the demo without a settings visit first. */
export async function seedDemoAfterSale(db: Executor): Promise<void> {
  await db
    .insert(afterSaleSettings)
    .values({
      id: 1,
      returnAddress: { recipientName: '私域旗舰店售后', phone: '021-55550000', regionText: '上海市 浦东新区', detail: '张江路 88 号 3 号仓 售后组' },
    })
    .onConflictDoNothing();
}
