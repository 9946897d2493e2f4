import type { z } from 'zod';
import type { FlashSaleView, flashSaleListQuerySchema } from '@siyu/shared';
import type { ServiceContext } from '../../context';
import { AppError } from '../../lib/errors';
import { isApprovedStatus } from '../promotions/approval';
import { findFlashSale, listVisibleFlashSales } from './repo';
import { toFlashSaleView } from './views';

/** Upcoming sales are announced this far ahead. */
export const UPCOMING_HORIZON_MS = 3 * 24 * 60 * 60 * 1000;

/**
 * GET /api/flash-sales: what a shopper may see — approved (or needing no approval), not stopped, on an
 * on-sale product — ongoing (sold out included) and starting within three days; ended sales are not
 * listed. Soonest first; `serverNow` drives the countdowns.
 */
export async function listFlashSalesForShop(
  sc: ServiceContext,
  query: z.output<typeof flashSaleListQuerySchema>,
): Promise<{ items: FlashSaleView[]; serverNow: string }> {
  const horizon = new Date(sc.now.getTime() + UPCOMING_HORIZON_MS);
  const window =
    query.status === 'ongoing'
      ? { startsBefore: sc.now, endsAfter: sc.now }
      : query.status === 'upcoming'
        ? { startsBefore: horizon, endsAfter: sc.now, startsAfter: sc.now }
        : { startsBefore: horizon, endsAfter: sc.now };
  const rows = await listVisibleFlashSales(sc.db, window);
  return { items: rows.map((row) => toFlashSaleView(row, sc.now, { withApproval: false })), serverNow: sc.now.toISOString() };
}

/**
 * GET /api/flash-sales/:id: any sale that passed approval, whatever its status (a shared link to an
 * ended or stopped sale says so); pending, rejected, deleted SKUs and hidden products are not found.
 */
export async function getFlashSaleForShop(sc: ServiceContext, id: number): Promise<FlashSaleView> {
  const found = await findFlashSale(sc.db, id);
  if (!found || !isApprovedStatus(found.sale.approvalStatus) || found.sku.skuDeletedAt || found.sku.productStatus !== 'on_sale')
    throw new AppError('FLASH_SALE_NOT_FOUND');
  return toFlashSaleView(found, sc.now, { withApproval: false });
}
