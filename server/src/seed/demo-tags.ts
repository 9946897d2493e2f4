/**
 * The demo brand's merchandising tags (what shoppers see on cards), by product slug. Chosen the way a
 * merchant would: trial packs carry 新人价, best sellers 热卖, a few picks 推荐, gift editions 限量.
 * Products not listed carry no tag; the internal role (引流品 / 爆品 / 利润品) is never a tag.
 */
export const DEMO_PRODUCT_TAGS: Readonly<Record<string, readonly string[]>> = {
  'lowfat-milk-trial': ['新人价'],
  'yogurt-trial': ['新人价'],
  'oats-trial': ['新人价'],
  'daily-nuts-trial': ['新人价', '热卖'],
  'jujube-tea': ['新人价'],
  'bamboo-cloth': ['新人价'],
  'travel-wipes': ['新人价'],
  'lowfat-milk-12': ['热卖'],
  'rolled-oats': ['热卖'],
  'daily-nuts': ['热卖', '推荐'],
  'sesame-balls': ['热卖'],
  'greek-yogurt': ['推荐'],
  'oat-milk-barista': ['推荐'],
  'protein-bar': ['推荐'],
  'whey-protein': ['推荐'],
  'birds-nest-gift': ['限量'],
  'nuts-gift-box': ['限量'],
  'mid-autumn-gift': ['限量'],
};

/** The tags of a demo product (none when the merchant set none). */
export function demoTagsOf(slug: string): string[] {
  return [...(DEMO_PRODUCT_TAGS[slug] ?? [])];
}
