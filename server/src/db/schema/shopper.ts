import { sql } from 'drizzle-orm';
import { check, customType, index, integer, pgTable, serial, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { createdAt, updatedAt } from './columns';
import { products } from './catalog';
import { members } from './identity';

// The shopper's own space: favourites (收藏), the avatar a member chose, and the merchant's search hot words.

const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => 'bytea',
  fromDriver: (value) => Buffer.from(value),
});

/** A member's favourite products: one row per (member, product), so adding twice is a no-op. */
export const favorites = pgTable(
  'favorites',
  {
    id: serial('id').primaryKey(),
    memberId: integer('member_id')
      .notNull()
      .references(() => members.id),
    productId: integer('product_id')
      .notNull()
      .references(() => products.id),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('favorites_member_product').on(t.memberId, t.productId), index('favorites_member_idx').on(t.memberId, t.id)],
);

/**
 * The avatar a member chose (WeChat's chooseAvatar), checked by content and kept small; served at
 * /api/avatars/:memberId with its digest in the URL so that it can be cached for good.
 */
export const memberAvatars = pgTable(
  'member_avatars',
  {
    memberId: integer('member_id')
      .primaryKey()
      .references(() => members.id),
    contentType: text('content_type').notNull(),
    bytes: bytea('bytes').notNull(),
    digest: text('digest').notNull(),
    updatedAt: updatedAt(),
  },
  (t) => [check('member_avatars_type_check', sql`${t.contentType} in ('image/png','image/jpeg','image/webp')`)],
);

/** Search hot words (热搜) in display order; the merchant replaces the list as a whole. */
export const searchHotWords = pgTable(
  'search_hot_words',
  {
    id: serial('id').primaryKey(),
    word: text('word').notNull(),
    position: integer('position').notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('search_hot_words_word').on(t.word)],
);
