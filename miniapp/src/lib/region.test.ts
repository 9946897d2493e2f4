import { isCompleteRegion, regionFromWechatAddress, type WechatAddress } from './region';

const wechat = (overrides: Partial<WechatAddress> = {}): WechatAddress => ({
  userName: '张三',
  telNumber: '13800138000',
  provinceName: '广东省',
  cityName: '广州市',
  countyName: '海珠区',
  detailInfo: '新港中路397号',
  nationalCode: '440105',
  ...overrides,
});

describe('regionFromWechatAddress', () => {
  it.each([
    ['a district', wechat(), { codes: ['440000', '440100', '440105'], names: ['广东省', '广州市', '海珠区'] }],
    [
      'a municipality',
      wechat({ provinceName: '上海市', cityName: '上海市', countyName: '浦东新区', nationalCode: '310115' }),
      { codes: ['310000', '310100', '310115'], names: ['上海市', '上海市', '浦东新区'] },
    ],
    [
      'a city without districts (code ends in 00)',
      wechat({ cityName: '东莞市', countyName: '', nationalCode: '441900' }),
      { codes: ['440000', '441900'], names: ['广东省', '东莞市'] },
    ],
    ['no national code', wechat({ nationalCode: '' }), null],
  ])('%s', (_name, address, expected) => {
    const region = regionFromWechatAddress(address);
    expect(region).toEqual(expected);
    if (region) expect(isCompleteRegion(region)).toBe(true);
  });
});
