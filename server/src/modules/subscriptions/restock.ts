import { and, eq, isNull, sql } from 'drizzle-orm';
import type { ServiceContext } from '../../context';
import type { Executor } from '../../db/client';
import { products, restockWatches } from '../../db/schema';
import { AppError } from '../../lib/errors';
import { queryRows } from '../../lib/sql';

/** The subscribe template of 到货提醒 (DEFAULT_SUBSCRIBE_TEMPLATES, scene restock). */
export const RESTOCK_TEMPLATE_KEY = 'restock_arrival';
const RESTOCK_HINT = '您关注的商品到货了，快去看看吧';

/**
 * POST /api/me/restock-watches: the member asks to be told when the product is back (the shop asks for the
 * restock subscribe message in the same tap). One open watch per member and product: a repeat changes nothing.
 */
export async function watchRestock(sc: ServiceContext, memberId: number, productId: number): Promise<{ productId: number; watching: true }> {
  const [product] = await sc.db
    .select({ id: products.id })
    .from(products)
    .where(and(eq(products.id, productId), eq(products.status, 'on_sale')));
  if (!product) throw new AppError('PRODUCT_NOT_FOUND');
  await sc.db
    .insert(restockWatches)
    .values({ memberId, productId, createdAt: sc.now })
    .onConflictDoNothing({ target: [restockWatches.memberId, restockWatches.productId], where: sql`${restockWatches.notifiedAt} is null` });
  return { productId, watching: true };
}

/** GET /api/me/restock-watches/:productId: whether the member has an open watch on the product. */
export async function restockWatchOf(sc: ServiceContext, memberId: number, productId: number): Promise<{ productId: number; watching: boolean }> {
  const [row] = await sc.db
    .select({ id: restockWatches.id })
    .from(restockWatches)
    .where(and(eq(restockWatches.memberId, memberId), eq(restockWatches.productId, productId), isNull(restockWatches.notifiedAt)));
  return { productId, watching: row !== undefined };
}

/**
 * Open watches of on-sale products that have a live SKU in stock again → one service subscribe intent each
 * (`restock:<watch id>`, fallback in-app), and the watch stamped notified, in one statement: a watch is told
 * once, and parallel workers skip each other's rows. Returns how many intents it wrote.
 */
export async function bridgeRestocks(db: Executor, now: Date, limit = 500): Promise<number> {
  const at = now.toISOString();
  const rows = await queryRows<{ id: number | string }>(
    db,
    sql`with due as (
          update restock_watches w set notified_at = ${at}::timestamptz
           where w.id in (
             select d.id from restock_watches d join products p on p.id = d.product_id
              where d.notified_at is null and p.status = 'on_sale'
                and exists (select 1 from skus s where s.product_id = p.id and s.deleted_at is null and s.stock > 0)
              order by d.id
              limit ${limit}
              for update of d skip locked)
          returning w.id, w.member_id, w.product_id)
        insert into message_intents (key, member_id, channel, purpose, template, variables, link, status, not_before, fallback, created_at, updated_at)
        select 'restock:' || due.id, due.member_id, 'subscribe', 'service', ${RESTOCK_TEMPLATE_KEY},
               jsonb_build_object('thing1', left(p.title, 20), 'thing2', ${RESTOCK_HINT}::text),
               'pages/product/index?id=' || p.id, 'pending', ${at}::timestamptz,
               jsonb_build_object('channel', 'inapp', 'template', 'restock', 'link', 'pages/product/index?id=' || p.id,
                 'variables', jsonb_build_object('title', '到货提醒', 'content', '您关注的「' || left(p.title, 40) || '」到货了，快去看看吧。')),
               ${at}::timestamptz, ${at}::timestamptz
          from due join products p on p.id = due.product_id
        on conflict (key) do nothing
        returning id`,
  );
  return rows.length;
}
