import { Text, View } from '@tarojs/components';
import { pointsRowState, type CheckoutPoints } from '../points-row';

export interface PointsRowProps {
  points: CheckoutPoints;
  usePoints: boolean;
  /** A quote is on its way: the toggle waits for it. */
  isQuoting: boolean;
  onToggle: (usePoints: boolean) => void;
}

/** 积分: "可用 N 积分抵 ¥X" with a switch; on, the quote takes as many points as the order allows. */
export function PointsRow({ points, usePoints, isQuoting, onToggle }: PointsRowProps) {
  const state = pointsRowState(points, usePoints);
  const isEnabled = state.isEnabled && !isQuoting;
  // The switch follows the member's request while the quote catches up, then the quote's answer.
  const isOn = isQuoting ? usePoints : state.isOn;
  return (
    <View className='card checkout__cells checkout-points'>
      <View className='checkout__cell'>
        <View className='checkout-points__name'>
          <Text className='checkout__cell-name'>积分</Text>
          <Text className='checkout-points__rate'>{state.rate}</Text>
        </View>
        <Text className={`checkout-points__text ${state.isSaving ? 'checkout-promo__saving' : 'checkout-promo__hint'}`}>{state.text}</Text>
        <View
          className={`checkout-points__switch ${isOn ? 'checkout-points__switch--on' : ''} ${isEnabled ? '' : 'checkout-points__switch--disabled'}`}
          role='switch'
          aria-checked={isOn}
          aria-disabled={!isEnabled}
          aria-label='使用积分抵扣'
          onClick={() => isEnabled && onToggle(!usePoints)}
        >
          <View className='checkout-points__knob' />
        </View>
      </View>
    </View>
  );
}
