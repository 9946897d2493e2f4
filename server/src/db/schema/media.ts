import { index, integer, pgTable, serial, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { createdAt } from './columns';
import { staff } from './identity';

/**
 * The media library: one row per distinct image (by content hash). The files themselves live in the
 * media storage (the data dir, or a bucket) under names derived from `hash`, so they never change and
 * are served with immutable caching; products and descriptions refer to them by URL.
 */
export const media = pgTable(
  'media',
  {
    id: serial('id').primaryKey(),
    /** First 32 hex digits of the SHA-256 of the original bytes. */
    hash: text('hash').notNull(),
    /** What sharp found in the bytes: jpeg, png, webp or gif. */
    format: text('format').notNull(),
    width: integer('width').notNull(),
    height: integer('height').notNull(),
    bytes: integer('bytes').notNull(),
    originalName: text('original_name').notNull().default(''),
    /** Null for images the demo seed generated. */
    createdBy: integer('created_by').references(() => staff.id),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('media_hash_key').on(t.hash), index('media_created_idx').on(t.createdAt)],
);
