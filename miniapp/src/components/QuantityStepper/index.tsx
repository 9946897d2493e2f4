import { Text, View } from '@tarojs/components';
import { clampQuantity, type ClampReason } from '@siyu/shared';
import { clampMessage } from '../../lib/format';
import './index.css';

export interface QuantityStepperProps {
  value: number;
  stock: number;
  purchaseLimit: number | null;
  isDisabled?: boolean;
  /** A new quantity, already clamped to 1 … min(stock, limit, 999). */
  onChange: (quantity: number) => void;
  /** Why a step was refused or cut (shown by the parent next to the line). */
  onLimit?: (message: string) => void;
  /** The words for a refused or cut step; purchase wording (库存 / 限购) when absent. */
  describeLimit?: (reason: Exclude<ClampReason, null>) => string;
}

/** − n +: never goes below 1 or above what stock and the purchase limit allow, and says why. */
export function QuantityStepper({ value, stock, purchaseLimit, isDisabled = false, onChange, onLimit, describeLimit }: QuantityStepperProps) {
  const sku = { stock, purchaseLimit };
  const step = (wanted: number) => {
    if (isDisabled) return;
    const { quantity, reason } = clampQuantity(wanted, sku);
    if (reason) onLimit?.(describeLimit ? describeLimit(reason) : clampMessage(reason, sku));
    if (quantity !== value) onChange(quantity);
  };
  const max = clampQuantity(Number.MAX_SAFE_INTEGER, sku).quantity;
  const isMinusOff = isDisabled || value <= 1;
  const isPlusOff = isDisabled || value >= max;
  return (
    <View className={`stepper ${isDisabled ? 'stepper--disabled' : ''}`}>
      <View className={`stepper__btn ${isMinusOff ? 'stepper__btn--off' : ''}`} onClick={() => step(value - 1)} aria-label='减少'>
        <Text>−</Text>
      </View>
      <View className='stepper__value'>
        <Text>{value}</Text>
      </View>
      <View className={`stepper__btn ${isPlusOff ? 'stepper__btn--off' : ''}`} onClick={() => step(value + 1)} aria-label='增加'>
        <Text>+</Text>
      </View>
    </View>
  );
}
