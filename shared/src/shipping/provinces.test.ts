import { areaList } from '@vant/area-data';
import { PROVINCES, provinceOf } from './provinces';

describe('PROVINCES', () => {
  it('is exactly the province list of the address dataset', () => {
    expect(Object.fromEntries(PROVINCES.map((province) => [province.code, province.name]))).toEqual(areaList.province_list);
  });
  it('finds the province of a district code', () => {
    expect(provinceOf('440305')).toBe('440000');
  });
});
