import { Text, View } from '@tarojs/components';
import { useState } from 'react';
import { TIER_NAMES, formatFen, type Fen, type ShopProductDetail } from '@siyu/shared';
import { specsText } from '../../lib/format';
import { ProductImage } from '../ProductImage';
import { QuantityStepper } from '../QuantityStepper';
import { TierBadge } from '../TierBadge';
import { exclusiveTierOfValue, findSku, isValueInStock, pickValue, type ShopSku, type SpecSelection } from './sku-selection';
import './index.css';

export interface SkuPickerProps {
  product: ShopProductDetail;
  selection: SpecSelection;
  quantity: number;
  onSelectionChange: (selection: SpecSelection) => void;
  onQuantityChange: (quantity: number) => void;
  /** The name of the member's tier price ("钻石价"), shown when the chosen SKU is priced for the tier. */
  tierPriceLabel?: string | null;
}

/** "库存 860 件", "仅剩 3 件", "已售罄". */
export function stockText(sku: ShopSku): string {
  if (sku.isSoldOut) return '已售罄';
  if (sku.stock <= 10) return `仅剩 ${sku.stock} 件`;
  return `库存 ${sku.stock} 件`;
}

/**
 * Spec values per spec name (values no SKU in stock offers are greyed out and cannot be picked; values
 * only exclusive SKUs offer are tagged 专享), the chosen SKU's price (with the tier price's name),
 * exclusive badge, stock state and purchase limit, and a quantity clamped to what it allows.
 */
export function SkuPicker({ product, selection, quantity, onSelectionChange, onQuantityChange, tierPriceLabel = null }: SkuPickerProps) {
  const [limitMessage, setLimitMessage] = useState('');
  const specNames = product.specOptions.map((option) => option.name);
  const sku = findSku(product.skus, specNames, selection);
  const missing = specNames.filter((name) => selection[name] === undefined);
  const pick = (name: string, value: string) => {
    setLimitMessage('');
    onSelectionChange(pickValue(product.skus, selection, name, value));
  };
  return (
    <View className='sku-picker'>
      <View className='sku-picker__head'>
        <ProductImage className='sku-picker__image' src={product.image} title={product.title} isLazy={false} />
        <View className='sku-picker__summary'>
          <View className='sku-picker__price-row'>
            <Text className='sku-picker__price'>{formatFen((sku?.priceFen ?? product.priceFen) as Fen)}</Text>
            {sku?.priceSource === 'tier' && tierPriceLabel ? <Text className='sku-picker__tier-price'>{tierPriceLabel}</Text> : null}
            {sku?.minTier ? <TierBadge tierCode={sku.minTier} suffix='专享' className='sku-picker__exclusive' /> : null}
          </View>
          {sku ? <Text className={`sku-picker__stock ${sku.isSoldOut ? 'sku-picker__stock--out' : ''}`}>{stockText(sku)}</Text> : null}
          <Text className='sku-picker__chosen ellipsis-2'>{sku ? `已选：${specsText(sku.specs)}` : `请选择 ${missing.join(' / ')}`}</Text>
        </View>
      </View>
      {product.specOptions.map((option) => (
        <View className='sku-picker__group' key={option.name}>
          <Text className='sku-picker__group-name'>{option.name}</Text>
          <View className='sku-picker__values'>
            {option.values.map((value) => {
              const isChosen = selection[option.name] === value;
              const isAvailable = isValueInStock(product.skus, option.name, value);
              const exclusiveTier = exclusiveTierOfValue(product.skus, option.name, value);
              const className = `sku-chip ${isChosen ? 'sku-chip--chosen' : ''} ${!isAvailable ? 'sku-chip--off' : ''}`;
              return (
                <View key={value} className={className} onClick={() => (isAvailable || isChosen ? pick(option.name, value) : undefined)}>
                  <Text>{value}</Text>
                  {!isAvailable ? (
                    <Text className='sku-chip__tag'>售罄</Text>
                  ) : exclusiveTier ? (
                    <Text className='sku-chip__tag sku-chip__tag--exclusive'>{TIER_NAMES[exclusiveTier]}专享</Text>
                  ) : null}
                </View>
              );
            })}
          </View>
        </View>
      ))}
      <View className='sku-picker__quantity'>
        <View>
          <Text className='sku-picker__group-name'>购买数量</Text>
          {sku?.purchaseLimit ? <Text className='sku-picker__limit'>每人限购 {sku.purchaseLimit} 件</Text> : null}
        </View>
        <QuantityStepper
          value={quantity}
          stock={sku?.stock ?? 0}
          purchaseLimit={sku?.purchaseLimit ?? null}
          isDisabled={!sku || sku.isSoldOut}
          onChange={(next) => {
            setLimitMessage('');
            onQuantityChange(next);
          }}
          onLimit={setLimitMessage}
        />
      </View>
      {limitMessage ? <Text className='sku-picker__message'>{limitMessage}</Text> : null}
    </View>
  );
}
