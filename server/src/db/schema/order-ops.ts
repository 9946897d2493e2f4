import { check, index, integer, jsonb, pgTable, serial, text } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { createdAt, updatedAt } from './columns';
import { staff } from './identity';
import { orders } from './orders';

/** Merchant notes on an order (商家备注): staff-only, append-only, never in any member API. */
export const orderNotes = pgTable(
  'order_notes',
  {
    id: serial('id').primaryKey(),
    orderId: integer('order_id')
      .notNull()
      .references(() => orders.id),
    staffId: integer('staff_id')
      .notNull()
      .references(() => staff.id),
    note: text('note').notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('order_notes_order_idx').on(t.orderId, t.id), check('order_notes_note_check', sql`length(${t.note}) between 1 and 500`)],
);

/** After-sale settings: one row (id = 1). The return address 退货退款 shoppers send goods back to. */
export const afterSaleSettings = pgTable('after_sale_settings', {
  id: integer('id').primaryKey(),
  returnAddress: jsonb('return_address').$type<{ recipientName: string; phone: string; regionText: string; detail: string }>(),
  updatedAt: updatedAt(),
});
