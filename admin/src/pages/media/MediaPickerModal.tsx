import type { MediaItem } from '@siyu/shared';
import { Modal } from 'antd';
import { useState } from 'react';
import { MediaGrid } from './MediaGrid';
import { useMediaLibrary } from './use-media-library';

export interface MediaPickerModalProps {
  isOpen: boolean;
  /** How many more pictures may be picked. */
  room: number;
  onCancel: () => void;
  onPick: (urls: string[]) => void;
}

/** Picks pictures from the library (or uploads new ones) in click order. */
export function MediaPickerModal({ isOpen, room, onCancel, onPick }: MediaPickerModalProps) {
  const library = useMediaLibrary();
  const [selected, setSelected] = useState<string[]>([]);
  const toggle = (item: MediaItem) =>
    setSelected((current) =>
      current.includes(item.url) ? current.filter((url) => url !== item.url) : current.length < room ? [...current, item.url] : current,
    );
  const close = (urls: string[] | null) => {
    setSelected([]);
    if (urls) onPick(urls);
    else onCancel();
  };
  return (
    <Modal
      title={`从图片库选择（还可选 ${Math.max(room - selected.length, 0)} 张）`}
      open={isOpen}
      width={860}
      okText={selected.length > 0 ? `使用 ${selected.length} 张` : '确定'}
      cancelText="取消"
      okButtonProps={{ disabled: selected.length === 0 }}
      onOk={() => close(selected)}
      onCancel={() => close(null)}
      destroyOnHidden
    >
      <MediaGrid library={library} selected={selected} onToggle={toggle} canUpload />
    </Modal>
  );
}
