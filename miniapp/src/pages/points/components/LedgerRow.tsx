import { Text, View } from '@tarojs/components';
import type { PointsEntryView } from '@siyu/shared';
import { deltaText, entrySourceText, entryTimeText } from '../points-text';

/** One ledger entry: its source tag, reason, time, and the points in (+, red) or out (−, grey). */
export function LedgerRow({ entry }: { entry: PointsEntryView }) {
  return (
    <View className='ledger-row'>
      <View className='ledger-row__main'>
        <View className='ledger-row__title'>
          <Text className={`ledger-row__tag ledger-row__tag--${entry.kind}`}>{entrySourceText(entry)}</Text>
          <Text className='ledger-row__reason ellipsis-1'>{entry.reason}</Text>
        </View>
        <Text className='ledger-row__time'>{entryTimeText(entry.createdAt)}</Text>
      </View>
      <Text className={`ledger-row__delta ${entry.delta > 0 ? 'ledger-row__delta--in' : ''}`}>{deltaText(entry.delta)}</Text>
    </View>
  );
}
