import { Button, Input, Switch, Text, Textarea, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { useEffect, useState, type ReactNode } from 'react';
import { createAddress, deleteAddress, fetchAddresses, updateAddress } from '../../api/orders';
import { ErrorState } from '../../components/EmptyState';
import { RegionPicker } from '../../components/RegionPicker';
import { DetailSkeleton } from '../../components/Skeleton';
import { chooseAddress } from '../../lib/address-choice';
import { goBack } from '../../lib/navigation';
import { regionFromWechatAddress } from '../../lib/region';
import { useAsync } from '../../lib/use-async';
import { EMPTY_FORM, formOf, validateAddressForm, type AddressField, type AddressForm } from './address-form';
import './index.css';

/**
 * 新增 / 编辑收货地址. With `choose=1` (from checkout) the saved address is picked for the order and the
 * page goes back `back` pages (past the address list when it came through it).
 */
export default function AddressEditPage() {
  const { params } = useRouter();
  const editingId = params.id ? Number(params.id) : null;
  const isChoosing = params.choose === '1';
  const back = Math.max(1, Number(params.back ?? 1) || 1);
  const existing = useAsync(
    async () => (editingId ? ((await fetchAddresses()).find((address) => address.id === editingId) ?? null) : null),
    `address-${editingId ?? 'new'}`,
  );
  // The first address is the default whatever the switch says (the server decides); the switch says so too.
  const [form, setForm] = useState<AddressForm>({ ...EMPTY_FORM, isDefault: params.first === '1' });
  const [errors, setErrors] = useState<Partial<Record<AddressField, string>>>({});
  const [isSaving, setIsSaving] = useState(false);

  useEffect(() => {
    void Taro.setNavigationBarTitle({ title: editingId ? '编辑收货地址' : '新增收货地址' });
  }, [editingId]);
  useEffect(() => {
    if (existing.data) setForm(formOf(existing.data));
  }, [existing.data]);

  const change = <K extends keyof AddressForm>(key: K, value: AddressForm[K]) => {
    setForm((current) => ({ ...current, [key]: value }));
    if (key !== 'isDefault') setErrors((current) => ({ ...current, [key]: undefined }));
  };

  const save = async () => {
    if (isSaving) return;
    const result = validateAddressForm(form);
    if (result.errors) {
      setErrors(result.errors);
      const first = Object.values(result.errors)[0];
      if (first) void Taro.showToast({ title: first, icon: 'none' });
      return;
    }
    setIsSaving(true);
    try {
      const saved = editingId ? await updateAddress(editingId, result.input) : await createAddress(result.input);
      if (isChoosing) chooseAddress(saved);
      void Taro.showToast({ title: '已保存', icon: 'success', duration: 1000 });
      await goBack(back);
    } catch {
      // The client showed why (e.g. 收货地址最多保存 20 个).
    } finally {
      setIsSaving(false);
    }
  };

  /** weapp only: fills the form from an address the shopper keeps in WeChat (收货地址 of 微信). */
  const importWechat = async () => {
    const picked = await Taro.chooseAddress().catch(() => null);
    if (!picked) return;
    const region = regionFromWechatAddress(picked);
    setForm((current) => ({
      ...current,
      recipientName: picked.userName,
      phone: picked.telNumber.replace(/\D/g, '').slice(-11),
      detail: picked.detailInfo,
      region: region ?? current.region,
    }));
    setErrors({});
    if (!region) void Taro.showToast({ title: '请手动选择所在地区', icon: 'none' });
  };

  const remove = async () => {
    if (!editingId) return;
    const { confirm } = await Taro.showModal({ title: '删除地址', content: '确定删除该收货地址吗？', confirmColor: '#ee0a24' });
    if (!confirm) return;
    await deleteAddress(editingId).then(
      () => goBack(),
      () => undefined,
    );
  };

  if (editingId && existing.isLoading) return <DetailSkeleton />;
  if (editingId && !existing.data) return <ErrorState message={existing.error?.message ?? '地址不存在或已删除'} onRetry={() => void existing.reload()} />;

  return (
    <View className='page address-edit'>
      {process.env.TARO_ENV === 'weapp' ? (
        <Button className='btn address-edit__wechat' onClick={() => void importWechat()}>
          导入微信收货地址
        </Button>
      ) : null}
      <View className='card address-form'>
        <Field label='收货人' error={errors.recipientName}>
          <Input
            className='address-form__input'
            placeholder='收货人姓名'
            maxlength={20}
            value={form.recipientName}
            onInput={(event) => change('recipientName', event.detail.value)}
          />
        </Field>
        <Field label='手机号' error={errors.phone}>
          <Input
            className='address-form__input'
            type='number'
            placeholder='收货人手机号'
            maxlength={11}
            value={form.phone}
            onInput={(event) => change('phone', event.detail.value.replace(/\D/g, '').slice(0, 11))}
          />
        </Field>
        <Field label='所在地区' error={errors.region}>
          <RegionPicker value={form.region} onChange={(region) => change('region', region)} />
        </Field>
        <Field label='详细地址' error={errors.detail}>
          <Textarea
            className='address-form__textarea'
            placeholder='街道、楼牌号等'
            maxlength={120}
            autoHeight
            value={form.detail}
            onInput={(event) => change('detail', event.detail.value)}
          />
        </Field>
      </View>
      <View className='card address-form__default'>
        <View>
          <Text className='address-form__default-title'>设为默认收货地址</Text>
          <Text className='address-form__default-hint'>下单时优先使用该地址</Text>
        </View>
        <Switch checked={form.isDefault} color='#ee0a24' onChange={(event) => change('isDefault', event.detail.value)} />
      </View>
      <View className='address-edit__actions'>
        <Button className={`btn ${isSaving ? 'btn--disabled' : 'btn--primary'}`} onClick={() => void save()}>
          {isSaving ? '保存中…' : '保存'}
        </Button>
        {editingId ? (
          <Button className='btn address-edit__delete' onClick={() => void remove()}>
            删除地址
          </Button>
        ) : null}
      </View>
    </View>
  );
}

function Field({ label, error, children }: { label: string; error?: string; children: ReactNode }) {
  return (
    <View className={`address-form__field ${error ? 'address-form__field--error' : ''}`}>
      <View className='address-form__row'>
        <Text className='address-form__label'>{label}</Text>
        <View className='address-form__control'>{children}</View>
      </View>
      {error ? <Text className='address-form__error'>{error}</Text> : null}
    </View>
  );
}
