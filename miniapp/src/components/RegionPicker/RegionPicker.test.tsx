import { fireEvent, render, screen } from '@testing-library/react';
import { regionText } from '../../lib/region';
import { RegionPicker } from './index.h5';
import { DEMO_REGIONS, regionColumns } from './regions';

describe('RegionPicker (H5, built-in regions)', () => {
  it('picks province, city and district and answers their GB/T 2260 codes', () => {
    const onChange = jest.fn();
    render(<RegionPicker value={null} onChange={onChange} />);
    fireEvent.click(screen.getByText('请选择省 / 市 / 区'));
    fireEvent.click(screen.getByText('广东省'));
    fireEvent.click(screen.getByText('深圳市'));
    fireEvent.click(screen.getByText('南山区'));
    expect(onChange).toHaveBeenCalledWith({ codes: ['440000', '440300', '440305'], names: ['广东省', '深圳市', '南山区'] });
    expect(screen.queryByText('选择所在地区')).toBeNull();
  });

  it('shows the chosen region, a municipality named once', () => {
    render(<RegionPicker value={{ codes: ['310000', '310100', '310115'], names: ['上海市', '上海市', '浦东新区'] }} onChange={jest.fn()} />);
    expect(screen.getByText('上海市 浦东新区')).toBeTruthy();
    expect(regionText(['北京市', '北京市', '朝阳区'])).toBe('北京市 朝阳区');
  });

  it('keeps codes consistent: every child code starts with its parent prefix', () => {
    for (const province of DEMO_REGIONS) {
      for (const city of province.children ?? []) {
        expect(city.code.slice(0, 2)).toBe(province.code.slice(0, 2));
        for (const district of city.children ?? []) expect(district.code.slice(0, 4)).toBe(city.code.slice(0, 4));
      }
    }
    expect(regionColumns(['330000', '330100']).map((column) => column.length)).toEqual([DEMO_REGIONS.length, 2, 4]);
  });
});
