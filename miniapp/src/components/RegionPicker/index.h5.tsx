import { Text, View } from '@tarojs/components';
import { useEffect, useState } from 'react';
import { regionText } from '../../lib/region';
import { Sheet } from '../Sheet';
import { loadRegions, regionColumns, type RegionNode } from './regions';
import type { RegionPickerProps } from './types';
import './index.css';

const LEVEL_NAMES = ['省份', '城市', '区县'];

/**
 * H5 region picker (WeChat's native picker does not exist in a browser): a sheet with one tab per level
 * over every region of the dataset (loaded on first open). Choosing a place without children finishes
 * the choice.
 */
export function RegionPicker({ value, onChange, placeholder = '请选择省 / 市 / 区' }: RegionPickerProps) {
  const [isOpen, setIsOpen] = useState(false);
  const [codes, setCodes] = useState<string[]>([]);
  const [level, setLevel] = useState(0);
  const [regions, setRegions] = useState<RegionNode[]>([]);
  useEffect(() => {
    if (!isOpen || regions.length > 0) return;
    let isCurrent = true;
    void loadRegions().then((tree) => {
      if (isCurrent) setRegions(tree);
    });
    return () => {
      isCurrent = false;
    };
  }, [isOpen, regions.length]);
  const columns = regionColumns(codes, regions);
  const chosen = codes.map((code, index) => columns[index]?.find((node) => node.code === code)).filter((node): node is RegionNode => node !== undefined);

  const open = () => {
    const start = value?.codes ?? [];
    setCodes(start);
    setLevel(Math.min(start.length > 0 ? start.length - 1 : 0, 2));
    setIsOpen(true);
  };
  const pick = (node: RegionNode) => {
    const next = [...codes.slice(0, level), node.code];
    setCodes(next);
    if (node.children && node.children.length > 0) {
      setLevel(level + 1);
      return;
    }
    const path = regionColumns(next, regions).slice(0, next.length);
    onChange({ codes: next, names: next.map((code, index) => path[index]?.find((candidate) => candidate.code === code)?.name ?? '') });
    setIsOpen(false);
  };

  return (
    <>
      <View className='region-picker' onClick={open}>
        <Text className={value ? 'region-picker__text' : 'region-picker__placeholder'}>{value ? regionText(value.names) : placeholder}</Text>
        <Text className='region-picker__arrow'>›</Text>
      </View>
      <Sheet isOpen={isOpen} onClose={() => setIsOpen(false)} title='选择所在地区'>
        <View className='region-sheet__tabs'>
          {columns.slice(0, Math.max(level + 1, chosen.length)).map((_, index) => (
            <Text key={LEVEL_NAMES[index]} className={`region-sheet__tab ${index === level ? 'region-sheet__tab--on' : ''}`} onClick={() => setLevel(index)}>
              {chosen[index]?.name ?? `请选择${LEVEL_NAMES[index] ?? ''}`}
            </Text>
          ))}
        </View>
        <View className='region-sheet__list'>
          {(columns[level] ?? []).map((node) => (
            <View key={node.code} className={`region-sheet__item ${codes[level] === node.code ? 'region-sheet__item--on' : ''}`} onClick={() => pick(node)}>
              <Text>{node.name}</Text>
              {codes[level] === node.code ? <Text className='region-sheet__check'>✓</Text> : null}
            </View>
          ))}
        </View>
        {regions.length === 0 ? <Text className='region-sheet__note'>正在加载地区…</Text> : null}
      </Sheet>
    </>
  );
}
