import { Text } from '@tarojs/components';
import './index.css';

/**
 * The merchant's merchandising tags (新人价 / 热卖 …) before a product title: the first filled, the rest
 * outlined. Shoppers see these words only; the internal role never reaches the shop.
 */
export function ProductTags({ tags }: { tags: readonly string[] }) {
  if (tags.length === 0) return null;
  return (
    <>
      {tags.map((tag, index) => (
        <Text key={tag} className={`product-tag ${index === 0 ? 'product-tag--lead' : ''}`}>
          {tag}
        </Text>
      ))}
    </>
  );
}
