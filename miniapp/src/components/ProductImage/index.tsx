import { Image, Text, View } from '@tarojs/components';
import { useState } from 'react';
import type { MediaVariant } from '@siyu/shared';
import { mediaSrc } from '../../lib/media-src';
import './index.css';

/** Soft gradients for the placeholder, picked by the title so a product keeps its colour. */
const PALETTES = [
  ['#ffe7e0', '#ffc9b8'],
  ['#fff3d6', '#ffe0a3'],
  ['#e3f4ea', '#bfe5cf'],
  ['#e2efff', '#bcd8ff'],
  ['#f1e8ff', '#dac6ff'],
  ['#ffe6ef', '#ffc2d6'],
  ['#e6f7f7', '#bfe8e8'],
  ['#f5efe6', '#e6d5bd'],
] as const;

function paletteOf(title: string): readonly [string, string] {
  let hash = 0;
  for (const char of title) hash = (hash * 31 + (char.codePointAt(0) ?? 0)) >>> 0;
  return PALETTES[hash % PALETTES.length] ?? PALETTES[0];
}

export interface ProductImageProps {
  src: string | null;
  /** Used for the placeholder (shown while loading, and instead of a missing or broken image). */
  title: string;
  className?: string;
  isLazy?: boolean;
  /** Which size of a library image to load: `t` the 360 px thumbnail (lists, default), `w` the page-size picture. */
  variant?: MediaVariant;
}

/** A product picture: lazy-loaded, with a tinted placeholder that never leaves a blank box. */
export function ProductImage({ src, title, className = '', isLazy = true, variant = 't' }: ProductImageProps) {
  const [isBroken, setIsBroken] = useState(false);
  const [from, to] = paletteOf(title);
  const glyph = Array.from(title.trim())[0] ?? '品';
  return (
    <View className={`pimg ${className}`}>
      <View className='pimg__placeholder' style={{ backgroundImage: `linear-gradient(135deg, ${from}, ${to})` }}>
        <Text className='pimg__glyph'>{glyph}</Text>
        <Text className='pimg__brand'>思语优选</Text>
      </View>
      {src && !isBroken ? (
        <Image
          className='pimg__img'
          src={mediaSrc(src, variant)}
          mode='aspectFill'
          lazyLoad={isLazy}
          onError={() => setIsBroken(true)}
          nativeProps={{ alt: title }}
        />
      ) : null}
    </View>
  );
}
