import { and, asc, gt, isNull, lte } from 'drizzle-orm';
import type { LiveSessionPageView, LiveSessionView } from '@siyu/shared';
import type { ServiceContext } from '../../context';
import { liveSessions } from '../../db/schema';
import { AppError } from '../../lib/errors';
import { findSession, findSessionByScene, productIdsOf, shopProductCards, type LiveSessionRow } from './repo';
import { toLiveSessionView } from './views';

/** How far ahead the shop lists upcoming sessions. */
const UPCOMING_WINDOW_MS = 7 * 24 * 60 * 60 * 1000;

/**
 * GET /api/live-sessions: sessions live now (earliest start first) and those starting within the
 * next 7 days. Members see only the products on sale.
 */
export async function listShopSessions(sc: ServiceContext): Promise<{ live: LiveSessionView[]; upcoming: LiveSessionView[]; serverNow: string }> {
  const horizon = new Date(sc.now.getTime() + UPCOMING_WINDOW_MS);
  // Not ended early, not past their end, starting before the horizon: live now or upcoming.
  const rows = await sc.db
    .select()
    .from(liveSessions)
    .where(and(isNull(liveSessions.endedAt), gt(liveSessions.endsAt, sc.now), lte(liveSessions.startsAt, horizon)))
    .orderBy(asc(liveSessions.startsAt), asc(liveSessions.id));
  const ids = await productIdsOf(
    sc.db,
    rows.map((row) => row.id),
    true,
  );
  const views = rows.map((row) => toLiveSessionView(row, ids.get(row.id) ?? [], sc.now));
  return {
    live: views.filter((view) => view.status === 'live'),
    upcoming: views.filter((view) => view.status === 'scheduled'),
    serverNow: sc.now.toISOString(),
  };
}

async function pageOf(sc: ServiceContext, row: LiveSessionRow): Promise<LiveSessionPageView> {
  const productIds = (await productIdsOf(sc.db, [row.id], true)).get(row.id) ?? [];
  const cards = await shopProductCards(sc.db, productIds);
  const products = productIds.flatMap((productId) => {
    const card = cards.get(productId);
    return card ? [{ productId, title: card.title, image: card.images[0] ?? null, minPriceFen: card.minPriceFen, publicPriceFen: card.publicPriceFen }] : [];
  });
  return {
    ...toLiveSessionView(
      row,
      products.map((product) => product.productId),
      sc.now,
    ),
    products,
  };
}

/** GET /api/live-sessions/:id: the live page (ended sessions too, so a late visitor sees "已结束"). */
export async function getShopSession(sc: ServiceContext, id: number): Promise<LiveSessionPageView> {
  const row = await findSession(sc.db, id);
  if (!row) throw new AppError('LIVE_SESSION_NOT_FOUND');
  return pageOf(sc, row);
}

/** GET /api/live-sessions/scene/:scene: the page a mini-program QR code (`scene=live=12`) opens. */
export async function getShopSessionByScene(sc: ServiceContext, scene: string): Promise<LiveSessionPageView> {
  const row = await findSessionByScene(sc.db, scene);
  if (!row) throw new AppError('LIVE_SESSION_NOT_FOUND');
  return pageOf(sc, row);
}
