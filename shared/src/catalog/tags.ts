import { z } from 'zod';
import { textSchema } from '../common/schemas';

/**
 * Merchandising tags: the words a shopper sees on a product card (新人价, 热卖 …). The merchant writes them;
 * the internal roles (引流品 / 爆品 / 利润品) are staff vocabulary and never reach the shop, so a tag may not
 * repeat one of them.
 */
export const PRODUCT_TAG_MAX_LENGTH = 6;
export const PRODUCT_TAGS_MAX = 3;
/** Offered in the product form; any other short word is accepted too. */
export const SUGGESTED_PRODUCT_TAGS = ['新人价', '热卖', '推荐', '限量', '新品', '包邮'] as const;
const INTERNAL_WORDS = ['引流品', '爆品', '利润品'];

export const productTagSchema = textSchema(PRODUCT_TAG_MAX_LENGTH).refine((tag) => !INTERNAL_WORDS.includes(tag), {
  message: 'internal product roles are not shopper-facing tags',
});

export const productTagsSchema = z
  .array(productTagSchema)
  .max(PRODUCT_TAGS_MAX)
  .refine((tags) => new Set(tags).size === tags.length, { message: 'tags must not repeat' });
