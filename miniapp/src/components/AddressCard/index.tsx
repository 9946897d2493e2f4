import { Text, View } from '@tarojs/components';
import './index.css';

export interface AddressView {
  recipientName: string;
  phone: string;
  regionText: string;
  detail: string;
  isDefault?: boolean;
}

/** "138****8000": the recipient's phone as shown on cards (the edit form shows it whole). */
export function maskPhone(phone: string): string {
  return /^\d{11}$/.test(phone) ? `${phone.slice(0, 3)}****${phone.slice(7)}` : phone;
}

/** A shipping address: who, phone, where; with a location mark and an optional arrow (tap to change). */
export function AddressCard({ address, hasArrow = false, onClick }: { address: AddressView; hasArrow?: boolean; onClick?: () => void }) {
  return (
    <View className='address-card' onClick={onClick}>
      <View className='address-card__pin'>
        <View className='address-card__pin-dot' />
      </View>
      <View className='address-card__body'>
        <View className='address-card__who'>
          <Text className='address-card__name'>{address.recipientName}</Text>
          <Text className='address-card__phone'>{maskPhone(address.phone)}</Text>
          {address.isDefault ? <Text className='address-card__default'>默认</Text> : null}
        </View>
        <Text className='address-card__where'>
          {address.regionText} {address.detail}
        </Text>
      </View>
      {hasArrow ? <Text className='address-card__arrow'>›</Text> : null}
    </View>
  );
}
