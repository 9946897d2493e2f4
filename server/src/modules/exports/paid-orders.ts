import { sql } from 'drizzle-orm';
import { fenToYuanString, maskPhone, toFen } from '@siyu/shared';
import type { Executor } from '../../db/client';
import { queryRows } from '../../lib/sql';
import { registerCsvSource, type CsvCell } from './registry';

/** ?from&to of the paid-orders export (China days, checked by the route). */
export interface PaidOrdersParams {
  from: string;
  to: string;
}

interface Row {
  order_no: string | null;
  paid_at: Date | string;
  member_id: number;
  phone_cipher: string | null;
  paid_fen: string | number;
  refunded_fen: string | number;
  channel_name: string | null;
  first_channel_id: number;
}

/** YYYY-MM-DD HH:mm:ss China time. */
function chinaTime(at: Date | string): string {
  const instant = typeof at === 'string' ? new Date(at) : at;
  return new Date(instant.getTime() + 8 * 3_600_000).toISOString().slice(0, 19).replace('T', ' ');
}

export const PAID_ORDERS_HEADER = ['订单号', '支付时间', '会员ID', '手机号', '支付金额（元）', '已退款（元）', '获客渠道'];

/**
 * The paid orders of a range from the roll-up (stats_orders, by paid day), oldest first: order no, paid time
 * (China), member id, the member's phone masked (138****1234, never in clear), amount and refunded in yuan,
 * and the member's acquisition channel (自然流量 for none).
 */
registerCsvSource<PaidOrdersParams>('paid-orders', {
  header: PAID_ORDERS_HEADER,
  count: async (db: Executor, params) => {
    const [row] = await queryRows<{ n: string | number }>(
      db,
      sql`select count(*) as n from stats_orders where paid_day between ${params.from} and ${params.to}`,
    );
    return Number(row?.n ?? 0);
  },
  rows: async (db, params, offset, limit, env) => {
    const rows = await queryRows<Row>(
      db,
      sql`select o.order_no, s.paid_at, s.member_id, m.phone_cipher, s.paid_fen, s.refunded_fen, s.first_channel_id, c.name as channel_name
          from (select * from stats_orders where paid_day between ${params.from} and ${params.to}
                order by paid_at, order_id limit ${limit} offset ${offset}) s
          left join orders o on o.id = s.order_id
          left join members m on m.id = s.member_id
          left join channels c on c.id = s.first_channel_id
          order by s.paid_at, s.order_id`,
    );
    return rows.map((row): CsvCell[] => [
      row.order_no ?? '',
      chinaTime(row.paid_at),
      Number(row.member_id),
      row.phone_cipher ? maskPhone(env.phoneCrypto.decrypt(row.phone_cipher)) : '',
      fenToYuanString(toFen(Number(row.paid_fen))),
      fenToYuanString(toFen(Number(row.refunded_fen))),
      Number(row.first_channel_id) === 0 ? '自然流量' : (row.channel_name ?? `渠道 ${row.first_channel_id}`),
    ]);
  },
});
