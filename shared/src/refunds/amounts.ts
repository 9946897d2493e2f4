import { toFen, type Fen } from '../money';

/**
 * Refund amounts, by a written rule: the first n units of a line carry floor(payable × n / quantity) of
 * its payable, so q more units after `prev` return share(prev + q) − share(prev). Refunding a line in
 * any number of parts therefore adds up exactly to its payable, and the last unit carries the remainder.
 */

/** floor(payableFen × units / quantity), exact (BigInt: the product may pass 2^53). */
export function lineShareFen(payableFen: Fen, quantity: number, units: number): Fen {
  if (!Number.isInteger(quantity) || quantity <= 0 || !Number.isInteger(units) || units < 0 || units > quantity) {
    throw new RangeError(`units must be 0…${quantity}`);
  }
  return toFen(Number((BigInt(payableFen) * BigInt(units)) / BigInt(quantity)));
}

/** What `units` more units of a line return when `refundedUnits` have been refunded before. */
export function lineRefundFen(line: { payableFen: Fen; quantity: number }, refundedUnits: number, units: number): Fen {
  return toFen(lineShareFen(line.payableFen, line.quantity, refundedUnits + units) - lineShareFen(line.payableFen, line.quantity, refundedUnits));
}

export interface RefundableLine {
  lineNo: number;
  quantity: number;
  payableFen: Fen;
  refundedQuantity: number;
  /** Units already asked for in open (requested or processing) refunds. */
  openQuantity: number;
}

export interface RefundPlanInput {
  lines: readonly RefundableLine[];
  requested: readonly { lineNo: number; quantity: number }[];
  shippingFen: Fen;
  /** Shipping is only refunded for an order that never left the warehouse. */
  isShipped: boolean;
}

export interface RefundPlan {
  lines: { lineNo: number; quantity: number; amountFen: Fen }[];
  shippingFen: Fen;
  amountFen: Fen;
}

export type RefundPlanResult =
  | { ok: true; plan: RefundPlan }
  | { ok: false; reason: 'unknown_line'; lineNos: number[] }
  | { ok: false; reason: 'quantity_exceeded'; lines: { lineNo: number; requested: number; refundable: number }[] }
  /** The units asked for carry no money (e.g. 1 fen over 3 units): WeChat Pay cannot refund 0. */
  | { ok: false; reason: 'zero_amount' };

/**
 * Prices a refund request against the order's lines. Shipping comes back only when, after this
 * refund, every line is fully refunded and the order was never shipped. Units of open requests count
 * as refunded before this one (an order has at most one open request, so they are normally 0).
 * Pure; never throws for bad requests (unknown lines, too many units): those are returned.
 */
export function planRefund(input: RefundPlanInput): RefundPlanResult {
  const byNo = new Map(input.lines.map((line) => [line.lineNo, line]));
  const unknown = input.requested.filter((wanted) => !byNo.has(wanted.lineNo)).map((wanted) => wanted.lineNo);
  if (unknown.length > 0) return { ok: false, reason: 'unknown_line', lineNos: unknown };
  const exceeded = input.requested.flatMap((wanted) => {
    const line = byNo.get(wanted.lineNo) as RefundableLine;
    const refundable = line.quantity - line.refundedQuantity - line.openQuantity;
    return wanted.quantity > refundable ? [{ lineNo: wanted.lineNo, requested: wanted.quantity, refundable: Math.max(refundable, 0) }] : [];
  });
  if (exceeded.length > 0) return { ok: false, reason: 'quantity_exceeded', lines: exceeded };
  const lines = input.requested.map((wanted) => {
    const line = byNo.get(wanted.lineNo) as RefundableLine;
    return { lineNo: wanted.lineNo, quantity: wanted.quantity, amountFen: lineRefundFen(line, line.refundedQuantity + line.openQuantity, wanted.quantity) };
  });
  const requestedOf = (lineNo: number) => input.requested.find((wanted) => wanted.lineNo === lineNo)?.quantity ?? 0;
  const isEverythingBack = input.lines.every((line) => line.refundedQuantity + line.openQuantity + requestedOf(line.lineNo) === line.quantity);
  const shippingFen = isEverythingBack && !input.isShipped ? input.shippingFen : toFen(0);
  const amountFen = toFen(lines.reduce<number>((sum, line) => sum + line.amountFen, shippingFen));
  if (amountFen === 0) return { ok: false, reason: 'zero_amount' };
  return { ok: true, plan: { lines, shippingFen, amountFen } };
}
