import { bigint, timestamp } from 'drizzle-orm/pg-core';

export const createdAt = () => timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow();
export const updatedAt = () => timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow();
/** Money columns: integer fen in a bigint, read as a JS number (amounts stay far below 2^53). */
export const fen = (name: string) => bigint(name, { mode: 'number' });
