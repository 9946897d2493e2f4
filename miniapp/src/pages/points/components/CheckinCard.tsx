import { Button, Text, View } from '@tarojs/components';
import type { PointsSummaryView } from '@siyu/shared';
import { checkinButton } from '../points-text';

/** The days of a week-long streak, the streak so far, and the 签到 button. */
export function CheckinCard({ checkin, isBusy, onCheckIn }: { checkin: PointsSummaryView['checkin']; isBusy: boolean; onCheckIn: () => void }) {
  const button = checkinButton(checkin, isBusy);
  // The streak shown as a week: day 8 starts a new row of seven.
  const doneInWeek = checkin.streak === 0 ? 0 : ((checkin.streak - 1) % 7) + 1;
  return (
    <View className='card checkin'>
      <View className='checkin__head'>
        <View>
          <Text className='checkin__title'>每日签到</Text>
          <Text className='checkin__streak'>{checkin.streak > 0 ? `已连续签到 ${checkin.streak} 天` : '今天签到，开始累积连续天数'}</Text>
        </View>
        <Button
          className={`btn btn--small checkin__button ${button.isEnabled ? 'btn--primary' : 'btn--disabled'}`}
          disabled={!button.isEnabled}
          onClick={onCheckIn}
        >
          {button.label}
        </Button>
      </View>
      <View className='checkin__days'>
        {[1, 2, 3, 4, 5, 6, 7].map((day) => (
          <View className={`checkin__day ${day <= doneInWeek ? 'checkin__day--done' : ''}`} key={day}>
            <Text className='checkin__day-mark'>{day <= doneInWeek ? '✓' : day === 7 ? '礼' : '+'}</Text>
            <Text className='checkin__day-name'>第{day}天</Text>
          </View>
        ))}
      </View>
      <Text className='checkin__hint'>连续签到 7 天、30 天有额外积分奖励，断签后重新计算</Text>
    </View>
  );
}
