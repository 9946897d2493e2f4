import { Button, Text, View } from '@tarojs/components';
import Taro, { useDidShow, useRouter } from '@tarojs/taro';
import { useRef } from 'react';
import type { Address } from '@siyu/shared';
import { deleteAddress, fetchAddresses, updateAddress } from '../../api/orders';
import { AddressCard } from '../../components/AddressCard';
import { Checkbox } from '../../components/Checkbox';
import { EmptyState, ErrorState } from '../../components/EmptyState';
import { ProductRowsSkeleton } from '../../components/Skeleton';
import { chooseAddress } from '../../lib/address-choice';
import { go, goBack } from '../../lib/navigation';
import { useAsync } from '../../lib/use-async';
import './index.css';

/** At most this many addresses (the server's limit, ADDRESS_LIMIT_REACHED). */
const MAX_ADDRESSES = 20;

/**
 * 收货地址: the member's address book (default first). Opened from checkout with `select=1`, tapping an
 * address picks it for the order and goes back.
 */
export default function AddressesPage() {
  const { params } = useRouter();
  const isSelecting = params.select === '1';
  const selectedId = Number(params.selectedId ?? 0);
  const list = useAsync(fetchAddresses, 'addresses');
  const items = list.data ?? [];
  const hasShown = useRef(false);

  // Back from the edit form: show the book as it is now.
  useDidShow(() => {
    if (hasShown.current) void list.reload();
    hasShown.current = true;
  });

  const pick = (address: Address) => {
    if (!isSelecting) return;
    chooseAddress(address);
    void goBack();
  };
  const makeDefault = async (address: Address) => {
    if (address.isDefault) return;
    await updateAddress(address.id, { isDefault: true }).then(
      () => list.reload(),
      () => undefined,
    );
  };
  const remove = async (address: Address) => {
    const { confirm } = await Taro.showModal({ title: '删除地址', content: '确定删除该收货地址吗？', confirmColor: '#ee0a24' });
    if (confirm)
      await deleteAddress(address.id).then(
        () => list.reload(),
        () => undefined,
      );
  };
  const add = () => {
    if (items.length >= MAX_ADDRESSES) {
      void Taro.showToast({ title: `收货地址最多保存 ${MAX_ADDRESSES} 个`, icon: 'none' });
      return;
    }
    go.addressEdit({ ...(isSelecting ? { choose: true, back: 2 } : {}), isFirst: items.length === 0 });
  };

  return (
    <View className='page addresses'>
      {list.isLoading && !list.data ? (
        <ProductRowsSkeleton count={2} />
      ) : list.error && !list.data ? (
        <ErrorState message={list.error.message} onRetry={() => void list.reload()} />
      ) : items.length === 0 ? (
        <EmptyState title='还没有收货地址' description='添加一个地址，下单更方便' />
      ) : (
        items.map((address) => (
          <View className={`address-item ${address.id === selectedId ? 'address-item--selected' : ''}`} key={address.id}>
            <View className='address-item__main' onClick={() => pick(address)}>
              <AddressCard address={address} />
              {isSelecting && address.id === selectedId ? <Text className='address-item__check'>✓</Text> : null}
            </View>
            <View className='address-item__tools'>
              <Checkbox isChecked={address.isDefault} onChange={() => void makeDefault(address)} label={address.isDefault ? '默认地址' : '设为默认'} />
              <View className='address-item__links'>
                <Text className='address-item__link' onClick={() => go.addressEdit({ id: address.id })}>
                  编辑
                </Text>
                <Text className='address-item__link' onClick={() => void remove(address)}>
                  删除
                </Text>
              </View>
            </View>
          </View>
        ))
      )}
      <View className='addresses__bar'>
        <Button className='btn btn--primary addresses__add' onClick={add}>
          + 新增收货地址
        </Button>
      </View>
    </View>
  );
}
