import { Text, View } from '@tarojs/components';
import type { Address } from '@siyu/shared';
import { AddressCard } from '../../../components/AddressCard';
import { SkeletonBlock } from '../../../components/Skeleton';

/** The ship-to card at the top of checkout: the chosen address (tap to change) or a prompt to add one. */
export function AddressSection({ address, isLoading, onPick, onAdd }: { address: Address | null; isLoading: boolean; onPick: () => void; onAdd: () => void }) {
  return (
    <View className='checkout__address'>
      {isLoading && !address ? (
        <View className='checkout__address-body'>
          <SkeletonBlock className='skeleton-line skeleton-line--short' />
          <SkeletonBlock className='skeleton-line skeleton-line--long' />
        </View>
      ) : address ? (
        <View className='checkout__address-body'>
          <AddressCard address={address} hasArrow onClick={onPick} />
        </View>
      ) : (
        <View className='checkout__address-body checkout__address-empty' onClick={onAdd}>
          <Text className='checkout__address-plus'>+</Text>
          <Text className='checkout__address-add'>添加收货地址</Text>
          <Text className='checkout__address-arrow'>›</Text>
        </View>
      )}
      <View className='checkout__address-stripe' />
    </View>
  );
}
