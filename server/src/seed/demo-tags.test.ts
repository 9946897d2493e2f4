import { productTagsSchema } from '@siyu/shared';
import { DEMO_CATALOG } from './demo-catalog';
import { DEMO_PRODUCT_TAGS, demoTagsOf } from './demo-tags';

const demoSlugs = DEMO_CATALOG.flatMap((category) => category.children.flatMap((child) => child.products.map((product) => product.slug)));

describe('demo merchandising tags', () => {
  it('name only products of the demo catalog', () => {
    expect(Object.keys(DEMO_PRODUCT_TAGS).filter((slug) => !demoSlugs.includes(slug))).toEqual([]);
  });

  it('are valid tags for the admin API (no internal role word, at most 3, short)', () => {
    for (const slug of demoSlugs) expect(productTagsSchema.safeParse(demoTagsOf(slug)).success).toBe(true);
  });

  it('cover the four kinds a merchant uses (新人价 / 热卖 / 推荐 / 限量)', () => {
    expect(new Set(Object.values(DEMO_PRODUCT_TAGS).flat())).toEqual(new Set(['新人价', '热卖', '推荐', '限量']));
  });
});
