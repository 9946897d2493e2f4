import { asc, inArray } from 'drizzle-orm';
import {
  describeIssue,
  ORDER_STATUS_NAMES,
  parseShipCsv,
  shipBodySchema,
  ShipCsvError,
  type OrderStatus,
  type ShipCsvRow,
  type ShipImportBody,
  type ShipImportReport,
} from '@siyu/shared';
import { inTransaction, type ServiceContext } from '../../context';
import { orders } from '../../db/schema';
import { AppError } from '../../lib/errors';
import { recordAudit } from '../audit';
import { shipInTransaction } from './service';

/** Thrown at the end of the import's transaction to undo it (a dry run, or a file with an invalid row). */
class RollBack extends Error {}

interface RowCheck {
  input: ShipCsvRow;
  orderId: number | null;
  errors: { column: string | null; message: string }[];
}

const COLUMN_OF_FIELD: Readonly<Record<string, string>> = { carrier: '快递公司', trackingNo: '快递单号' };

function readRows(csv: string): ShipCsvRow[] {
  try {
    return parseShipCsv(csv);
  } catch (error) {
    if (error instanceof ShipCsvError) throw new AppError(error.code, error.message, error.details);
    throw error;
  }
}

/** The checks that need no database: the carrier and tracking number formats, and each order once per file. */
function checkFormats(rows: readonly ShipCsvRow[]): RowCheck[] {
  const seen = new Map<string, number>();
  return rows.map((input) => {
    const errors: RowCheck['errors'] = [];
    if (!input.orderNo) errors.push({ column: '订单号', message: '缺少订单号' });
    const first = seen.get(input.orderNo);
    if (input.orderNo && first !== undefined) errors.push({ column: '订单号', message: `与第 ${first} 行的订单号重复` });
    else seen.set(input.orderNo, input.row);
    const parsed = shipBodySchema.safeParse({ carrier: input.carrier, trackingNo: input.trackingNo });
    if (!parsed.success) {
      for (const issue of parsed.error.issues) errors.push({ column: COLUMN_OF_FIELD[String(issue.path[0])] ?? null, message: describeIssue(issue) });
    }
    return { input, orderId: null, errors };
  });
}

/** Locks the named orders (in id order, so two imports never deadlock) and checks each is 待发货. */
async function checkOrders(tx: ServiceContext, checks: RowCheck[]): Promise<void> {
  const orderNos = [...new Set(checks.map((check) => check.input.orderNo).filter(Boolean))];
  const found =
    orderNos.length === 0
      ? []
      : await tx.db
          .select({ id: orders.id, orderNo: orders.orderNo, status: orders.status })
          .from(orders)
          .where(inArray(orders.orderNo, orderNos))
          .orderBy(asc(orders.id))
          .for('update');
  const byNo = new Map(found.map((order) => [order.orderNo, order]));
  for (const check of checks) {
    if (!check.input.orderNo) continue;
    const order = byNo.get(check.input.orderNo);
    if (!order) check.errors.push({ column: '订单号', message: '订单不存在' });
    else if (order.status !== 'paid') {
      check.errors.push({ column: '订单号', message: `订单${ORDER_STATUS_NAMES[order.status as OrderStatus] ?? order.status}，只有待发货的订单可以发货` });
    }
    check.orderId = order?.id ?? null;
  }
}

/**
 * POST /api/admin/orders/ship-import: ships every order of a CSV (订单号, 快递公司, 快递单号) in ONE
 * transaction under the orders' row locks, all or nothing like the catalog import: when any row is
 * invalid nothing is shipped and the report says which row and why. Each shipment is audited as a
 * single one would be, and the batch once more as a whole.
 */
export async function importShipments(sc: ServiceContext, body: ShipImportBody): Promise<ShipImportReport> {
  const checks = checkFormats(readRows(body.csv));
  let isCommitted = false;
  try {
    await inTransaction(sc, async (tx) => {
      await checkOrders(tx, checks);
      if (body.dryRun || checks.some((check) => check.errors.length > 0)) throw new RollBack();
      for (const check of checks) await shipInTransaction(tx, check.orderId as number, { carrier: check.input.carrier, trackingNo: check.input.trackingNo });
      await recordAudit(tx, {
        action: 'order.ship_import',
        targetType: 'order',
        after: { shipped: checks.length, orderIds: checks.map((check) => check.orderId) },
      });
      isCommitted = true;
    });
  } catch (error) {
    if (!(error instanceof RollBack)) throw error;
  }
  const invalid = checks.filter((check) => check.errors.length > 0).length;
  return {
    dryRun: body.dryRun,
    committed: isCommitted,
    summary: { rows: checks.length, valid: checks.length - invalid, invalid, shipped: isCommitted ? checks.length : 0 },
    rows: checks.map((check) => ({
      row: check.input.row,
      orderNo: check.input.orderNo,
      orderId: check.orderId,
      status: check.errors.length > 0 ? 'invalid' : isCommitted ? 'shipped' : body.dryRun ? 'valid' : 'not_shipped',
      errors: check.errors,
    })),
  };
}
