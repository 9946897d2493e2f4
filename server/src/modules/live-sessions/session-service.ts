import { and, desc, eq, gt, isNull } from 'drizzle-orm';
import type { z } from 'zod';
import type { LiveSessionDetailView, LiveSessionView, liveSessionBodySchema, liveSessionPatchSchema } from '@siyu/shared';
import { inTransaction, requireStaffActor, type ServiceContext } from '../../context';
import { liveSessions } from '../../db/schema';
import { AppError } from '../../lib/errors';
import { recordAudit } from '../audit';
import { existingProductIds, findSession, nextSessionId, productIdsOf, promoCodesOf, replaceSessionProducts, type LiveSessionRow } from './repo';
import { sessionAuditShape, sessionStatus, toLiveSessionView, toPromoCodeView } from './views';

type SessionBody = z.output<typeof liveSessionBodySchema>;
type SessionPatch = z.output<typeof liveSessionPatchSchema>;

async function viewOf(sc: ServiceContext, row: LiveSessionRow): Promise<LiveSessionView> {
  const ids = await productIdsOf(sc.db, [row.id]);
  return toLiveSessionView(row, ids.get(row.id) ?? [], sc.now);
}

/** A session under its row lock; 404 when unknown, 409 LIVE_SESSION_ENDED when it has ended. */
async function lockOpenSession(tx: ServiceContext, id: number): Promise<LiveSessionRow> {
  const row = await findSession(tx.db, id, true);
  if (!row) throw new AppError('LIVE_SESSION_NOT_FOUND');
  if (sessionStatus(row, tx.now) === 'ended') throw new AppError('LIVE_SESSION_ENDED');
  return row;
}

/** GET /api/admin/live-sessions: every session, newest start first. */
export async function listSessions(sc: ServiceContext): Promise<{ items: LiveSessionView[] }> {
  const rows = await sc.db.select().from(liveSessions).orderBy(desc(liveSessions.startsAt), desc(liveSessions.id));
  const ids = await productIdsOf(
    sc.db,
    rows.map((row) => row.id),
  );
  return { items: rows.map((row) => toLiveSessionView(row, ids.get(row.id) ?? [], sc.now)) };
}

/** GET /api/admin/live-sessions/:id: the session with its promo codes. */
export async function getSessionDetail(sc: ServiceContext, id: number): Promise<LiveSessionDetailView> {
  const row = await findSession(sc.db, id);
  if (!row) throw new AppError('LIVE_SESSION_NOT_FOUND');
  const codes = await promoCodesOf(sc.db, id);
  return { ...(await viewOf(sc, row)), promoCodes: codes.map(toPromoCodeView) };
}

/** POST /api/admin/live-sessions: the id is drawn first so the QR scene can be `live=<id>` (unique, ≤ 32 chars). */
export async function createSession(sc: ServiceContext, body: SessionBody): Promise<LiveSessionView> {
  const actor = requireStaffActor(sc);
  return inTransaction(sc, async (tx) => {
    const id = await nextSessionId(tx.db);
    const [row] = await tx.db
      .insert(liveSessions)
      .values({ id, ...body, sceneCode: `live=${id}`, createdBy: actor.id, createdAt: tx.now, updatedAt: tx.now })
      .returning();
    if (!row) throw new Error('live session insert returned nothing');
    await recordAudit(tx, { action: 'live_session.create', targetType: 'live_session', targetId: row.id, after: sessionAuditShape(row) });
    return toLiveSessionView(row, [], tx.now);
  });
}

/** PATCH /api/admin/live-sessions/:id: until the session ends; the merged window must stay ordered. */
export async function updateSession(sc: ServiceContext, id: number, patch: SessionPatch): Promise<LiveSessionView> {
  return inTransaction(sc, async (tx) => {
    const before = await lockOpenSession(tx, id);
    const startsAt = patch.startsAt ?? before.startsAt;
    const endsAt = patch.endsAt ?? before.endsAt;
    if (startsAt.getTime() >= endsAt.getTime()) {
      throw new AppError('VALIDATION_FAILED', 'startsAt must be before endsAt', {
        issues: [{ field: patch.endsAt ? 'body.endsAt' : 'body.startsAt', message: 'startsAt must be before endsAt' }],
      });
    }
    const [row] = await tx.db
      .update(liveSessions)
      .set({ ...patch, updatedAt: tx.now })
      .where(eq(liveSessions.id, id))
      .returning();
    if (!row) throw new AppError('LIVE_SESSION_NOT_FOUND');
    await recordAudit(tx, {
      action: 'live_session.update',
      targetType: 'live_session',
      targetId: id,
      before: sessionAuditShape(before),
      after: sessionAuditShape(row),
    });
    return viewOf(tx, row);
  });
}

/** PUT /api/admin/live-sessions/:id/products: replaces the list, its order becomes the sort. */
export async function setSessionProducts(sc: ServiceContext, id: number, productIds: number[]): Promise<LiveSessionView> {
  const duplicates = productIds.flatMap((productId, index) =>
    productIds.indexOf(productId) !== index ? [{ field: `body.productIds.${index}`, message: 'listed twice' }] : [],
  );
  if (duplicates.length > 0) throw new AppError('VALIDATION_FAILED', 'a product is listed twice', { issues: duplicates });
  return inTransaction(sc, async (tx) => {
    const row = await lockOpenSession(tx, id);
    const known = await existingProductIds(tx.db, productIds);
    const unknown = productIds.flatMap((productId, index) => (known.has(productId) ? [] : [{ field: `body.productIds.${index}`, message: 'no such product' }]));
    if (unknown.length > 0) throw new AppError('VALIDATION_FAILED', 'unknown products', { issues: unknown });
    const before = (await productIdsOf(tx.db, [id])).get(id) ?? [];
    await replaceSessionProducts(tx.db, id, productIds);
    await tx.db.update(liveSessions).set({ updatedAt: tx.now }).where(eq(liveSessions.id, id));
    await recordAudit(tx, { action: 'live_session.products', targetType: 'live_session', targetId: id, before: { productIds: before }, after: { productIds } });
    return toLiveSessionView(row, productIds, tx.now);
  });
}

/**
 * POST /api/admin/live-sessions/:id/end: ends the stream now. The checkout reads `ended_at`, so the
 * session's codes stop at once, grace period or not.
 */
export async function endSession(sc: ServiceContext, id: number): Promise<LiveSessionView> {
  return inTransaction(sc, async (tx) => {
    const before = await lockOpenSession(tx, id);
    const [row] = await tx.db
      .update(liveSessions)
      .set({ endedAt: tx.now, updatedAt: tx.now })
      .where(and(eq(liveSessions.id, id), isNull(liveSessions.endedAt), gt(liveSessions.endsAt, tx.now)))
      .returning();
    if (!row) throw new AppError('LIVE_SESSION_ENDED');
    await recordAudit(tx, {
      action: 'live_session.end',
      targetType: 'live_session',
      targetId: id,
      before: { endedAt: before.endedAt },
      after: { endedAt: row.endedAt?.toISOString() ?? null },
    });
    return viewOf(tx, row);
  });
}
