import { areaList } from '@vant/area-data';
import { fireEvent, render, screen } from '@testing-library/react';
import { regionText } from '../../lib/region';
import { RegionPicker } from './index.h5';
import { buildRegionTree, regionColumns } from './regions';

describe('RegionPicker (H5, the whole dataset)', () => {
  it('picks province, city and district and answers their GB/T 2260 codes', async () => {
    const onChange = jest.fn();
    render(<RegionPicker value={null} onChange={onChange} />);
    fireEvent.click(screen.getByText('请选择省 / 市 / 区'));
    fireEvent.click(await screen.findByText('广东省'));
    fireEvent.click(screen.getByText('深圳市'));
    fireEvent.click(screen.getByText('南山区'));
    expect(onChange).toHaveBeenCalledWith({ codes: ['440000', '440300', '440305'], names: ['广东省', '深圳市', '南山区'] });
    expect(screen.queryByText('选择所在地区')).toBeNull();
  });

  it('offers regions the old built-in list did not have (新疆 → 乌鲁木齐市 → 天山区)', async () => {
    const onChange = jest.fn();
    render(<RegionPicker value={null} onChange={onChange} />);
    fireEvent.click(screen.getByText('请选择省 / 市 / 区'));
    fireEvent.click(await screen.findByText('新疆维吾尔自治区'));
    fireEvent.click(screen.getByText('乌鲁木齐市'));
    fireEvent.click(screen.getByText('天山区'));
    expect(onChange).toHaveBeenCalledWith({ codes: ['650000', '650100', '650102'], names: ['新疆维吾尔自治区', '乌鲁木齐市', '天山区'] });
  });

  it('shows the chosen region, a municipality named once', () => {
    render(<RegionPicker value={{ codes: ['310000', '310100', '310115'], names: ['上海市', '上海市', '浦东新区'] }} onChange={jest.fn()} />);
    expect(screen.getByText('上海市 浦东新区')).toBeTruthy();
    expect(regionText(['北京市', '北京市', '朝阳区'])).toBe('北京市 朝阳区');
  });

  it('holds every province, city and district of the dataset, each under its parent', () => {
    const tree = buildRegionTree(areaList);
    const cities = tree.flatMap((province) => province.children ?? []);
    const districts = cities.flatMap((city) => city.children ?? []);
    expect([tree.length, cities.length, districts.length]).toEqual([
      Object.keys(areaList.province_list).length,
      Object.keys(areaList.city_list).length,
      Object.keys(areaList.county_list).length,
    ]);
    expect(tree).toHaveLength(34);
    for (const province of tree) {
      for (const city of province.children ?? []) {
        expect(city.code.slice(0, 2)).toBe(province.code.slice(0, 2));
        for (const district of city.children ?? []) expect(district.code.slice(0, 4)).toBe(city.code.slice(0, 4));
      }
    }
    expect(regionColumns(['330000', '330100'], tree).map((column) => column.length)).toEqual([34, 11, 13]);
  });
});
