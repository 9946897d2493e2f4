import type { Address } from '@siyu/shared';
import { EMPTY_FORM, formOf, validateAddressForm, type AddressForm } from './address-form';

const filled = (overrides: Partial<AddressForm> = {}): AddressForm => ({
  recipientName: '林小满',
  phone: '138 0013 8000',
  region: { codes: ['310000', '310100', '310115'], names: ['上海市', '上海市', '浦东新区'] },
  detail: '世纪大道 100 号\n2 楼',
  isDefault: true,
  ...overrides,
});

describe('validateAddressForm (the shared schema the server uses)', () => {
  it('turns a filled form into the body of POST /api/me/addresses', () => {
    expect(validateAddressForm(filled())).toEqual({
      errors: null,
      input: {
        recipientName: '林小满',
        phone: '13800138000',
        regionCodes: ['310000', '310100', '310115'],
        regionText: '上海市 浦东新区',
        detail: '世纪大道 100 号 2 楼',
        isDefault: true,
      },
    });
  });

  it('names every missing or wrong field in Chinese', () => {
    expect(validateAddressForm(EMPTY_FORM)).toEqual({
      input: null,
      errors: { recipientName: '请填写收货人姓名（20 字以内）', phone: '请填写 11 位手机号', region: '请选择所在地区', detail: '请填写详细地址（120 字以内）' },
    });
    expect(validateAddressForm(filled({ phone: '2380013800' })).errors).toEqual({ phone: '请填写 11 位手机号' });
    expect(validateAddressForm(filled({ region: { codes: ['310000'], names: ['上海市'] } })).errors).toEqual({ region: '请选择所在地区' });
    expect(validateAddressForm(filled({ recipientName: '林'.repeat(21) })).errors).toEqual({ recipientName: '请填写收货人姓名（20 字以内）' });
  });

  it('reads a saved address back into the form and saves it unchanged', () => {
    const saved: Address = {
      id: 4,
      recipientName: '陈一禾',
      phone: '13900139000',
      regionCodes: ['110000', '110100', '110105'],
      regionText: '北京市 朝阳区',
      detail: '建国路 88 号',
      isDefault: false,
    };
    expect(validateAddressForm(formOf(saved)).input).toEqual({
      recipientName: '陈一禾',
      phone: '13900139000',
      regionCodes: ['110000', '110100', '110105'],
      regionText: '北京市 朝阳区',
      detail: '建国路 88 号',
      isDefault: false,
    });
  });
});
