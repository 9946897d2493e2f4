import { Text, View } from '@tarojs/components';
import type { TimelineStep } from '../../../lib/order-status';

/** 订单进度: what happened, newest first. */
export function Timeline({ steps }: { steps: TimelineStep[] }) {
  return (
    <View className='timeline'>
      {steps.map((step, index) => (
        <View className={`timeline__step ${index === 0 ? 'timeline__step--latest' : ''}`} key={`${step.label}-${step.time}`}>
          <View className='timeline__rail'>
            <View className='timeline__dot' />
            {index < steps.length - 1 ? <View className='timeline__line' /> : null}
          </View>
          <View className='timeline__body'>
            <Text className='timeline__label'>{step.label}</Text>
            {step.detail ? <Text className='timeline__detail'>{step.detail}</Text> : null}
            <Text className='timeline__time'>{step.time}</Text>
          </View>
        </View>
      ))}
    </View>
  );
}
