import { Image } from '@tarojs/components';
import { mediaSrc } from '../../lib/media-src';

/** `![说明](/media/….jpg)` alone on a line of a product description: the picture, full width. */
const IMAGE_LINE = /^!\[([^\]]{0,100})\]\(((?:\/|https:\/\/)[^\s)]+)\)$/;

/** The picture a description line stands for, or null when the line is text. */
export function parseImageLine(line: string): { alt: string; url: string } | null {
  const match = IMAGE_LINE.exec(line);
  return match ? { alt: match[1] ?? '', url: match[2] ?? '' } : null;
}

/** A detail picture of the product page: the page-size WebP of a library image, lazy, its width filling the page. */
export function DetailImage({ url }: { url: string }) {
  return <Image className='description__image' src={mediaSrc(url, 'w')} mode='widthFix' lazyLoad />;
}
