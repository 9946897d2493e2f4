import { fenToYuanString, type Fen } from '../money';
import { ORDER_STATUS_NAMES, type Order } from '../orders/schemas';
import { isBlankRecord, parseCsv, protectCell, serializeCsv, CsvSyntaxError, UTF8_BOM } from './rfc4180';

/** The order export's columns, in order (Chinese headers: the file is for people and spreadsheets). */
export const ORDER_CSV_HEADER = [
  '订单号',
  '下单时间',
  '状态',
  '买家',
  '买家手机',
  '收货人',
  '收货地区',
  '详细地址',
  '商品',
  '件数',
  '商品金额',
  '优惠',
  '运费',
  '实付',
  '已退款',
  '快递公司',
  '快递单号',
  '买家备注',
] as const;

/** What an export row needs besides the order: the buyer as staff see them (masked phone). */
export interface OrderCsvBuyer {
  nickname: string;
  phoneMasked: string | null;
}

const yuan = (fen: number) => fenToYuanString(fen as Fen);

/** The cells of one order (one row per order; the lines joined as "title 规格 ×n"). */
export function orderCsvRecord(order: Order, buyer: OrderCsvBuyer | undefined): string[] {
  const items = order.lines.map(
    (line) => `${line.title}${Object.values(line.specs).length ? ` ${Object.values(line.specs).join('/')}` : ''} ×${line.quantity}`,
  );
  return [
    order.orderNo,
    order.createdAt,
    ORDER_STATUS_NAMES[order.status],
    protectCell(buyer?.nickname ?? ''),
    buyer?.phoneMasked ?? '',
    protectCell(order.address.recipientName),
    protectCell(order.address.regionText),
    protectCell(order.address.detail),
    protectCell(items.join('；')),
    String(order.lines.reduce((sum, line) => sum + line.quantity, 0)),
    yuan(order.goodsSubtotalFen),
    yuan(order.discountFen),
    yuan(order.shippingFen),
    yuan(order.payableFen),
    yuan(order.refundedFen),
    protectCell(order.carrier ?? ''),
    protectCell(order.trackingNo ?? ''),
    protectCell(order.remark),
  ];
}

/** The header line of the export (with the UTF-8 byte order mark Excel needs). */
export function orderCsvHead(): string {
  return serializeCsv([[...ORDER_CSV_HEADER]], { bom: true });
}

/** A page of export rows, CRLF-terminated, to append after the head. */
export function orderCsvRows(records: readonly (readonly string[])[]): string {
  return serializeCsv(records);
}

/** The batch-shipping template's header: order number, carrier, tracking number. */
export const SHIP_CSV_HEADER = ['订单号', '快递公司', '快递单号'] as const;
/** Column keys accepted in the header (Chinese or English), by position in SHIP_CSV_HEADER. */
const SHIP_HEADER_ALIASES: readonly (readonly string[])[] = [
  ['订单号', 'order_no', 'orderno'],
  ['快递公司', 'carrier'],
  ['快递单号', '运单号', 'tracking_no', 'trackingno'],
];
/** At most this many rows per import. */
export const SHIP_CSV_MAX_ROWS = 5000;

export interface ShipCsvRow {
  /** The CSV line number (the header is line 1). */
  row: number;
  orderNo: string;
  carrier: string;
  trackingNo: string;
}

/** A CSV that cannot be read at all; `code` is an error code of shared/errors. */
export class ShipCsvError extends Error {
  constructor(
    readonly code: 'CSV_MALFORMED' | 'CSV_EMPTY' | 'CSV_COLUMNS_INVALID' | 'CSV_TOO_MANY_ROWS',
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
  }
}

/** Reads a batch-shipping CSV: a header naming the three columns (any order), then one row per order; blank rows skipped. */
export function parseShipCsv(text: string): ShipCsvRow[] {
  let records: string[][];
  try {
    records = parseCsv(text.startsWith(UTF8_BOM) ? text.slice(1) : text);
  } catch (error) {
    if (error instanceof CsvSyntaxError) throw new ShipCsvError('CSV_MALFORMED', error.message, { line: error.line });
    throw error;
  }
  const [header, ...body] = records;
  if (!header) throw new ShipCsvError('CSV_EMPTY', 'no header');
  const normalized = header.map((cell) => cell.trim().toLowerCase());
  const positions = SHIP_HEADER_ALIASES.map((aliases) => normalized.findIndex((cell) => aliases.includes(cell)));
  if (positions.some((position) => position < 0)) {
    throw new ShipCsvError('CSV_COLUMNS_INVALID', 'the header must name 订单号, 快递公司 and 快递单号', { expected: [...SHIP_CSV_HEADER], got: header });
  }
  const rows = body
    .map((record, index) => ({ record, row: index + 2 }))
    .filter(({ record }) => !isBlankRecord(record))
    .map(({ record, row }) => {
      const cell = (position: number) => (record[position] ?? '').trim();
      const [orderNo, carrier, trackingNo] = positions.map(cell) as [string, string, string];
      return { row, orderNo, carrier, trackingNo };
    });
  if (rows.length === 0) throw new ShipCsvError('CSV_EMPTY', 'no rows');
  if (rows.length > SHIP_CSV_MAX_ROWS) throw new ShipCsvError('CSV_TOO_MANY_ROWS', `at most ${SHIP_CSV_MAX_ROWS} rows`, { max: SHIP_CSV_MAX_ROWS });
  return rows;
}
