import { customType, integer, pgTable, text } from 'drizzle-orm/pg-core';
import { createdAt } from './columns';

// Entry-code images (issue 13): the mini-program code of a scene, fetched from WeChat once
// (getwxacodeunlimit) and served from here on every later download, single or in a batch ZIP.

const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => 'bytea',
  fromDriver: (value) => Buffer.from(value),
});

/** The PNG WeChat drew for a scene at a width; scenes are unique for ever, so the image never goes stale. */
export const channelCodeImages = pgTable('channel_code_images', {
  scene: text('scene').primaryKey(),
  width: integer('width').notNull(),
  png: bytea('png').notNull(),
  createdAt: createdAt(),
});
