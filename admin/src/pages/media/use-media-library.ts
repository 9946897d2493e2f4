import type { MediaItem } from '@siyu/shared';
import { useCallback, useEffect, useState } from 'react';
import { deleteMedia, listMedia, uploadMedia } from '../../api/media';

export interface MediaLibrary {
  items: MediaItem[];
  isLoading: boolean;
  hasMore: boolean;
  loadMore: () => void;
  /** Uploads one file; the new image goes first in the list. Rejects with the server's ApiError. */
  upload: (file: File) => Promise<MediaItem>;
  remove: (item: MediaItem) => Promise<void>;
}

/** The media library, newest first, loaded page by page. */
export function useMediaLibrary(): MediaLibrary {
  const [items, setItems] = useState<MediaItem[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [hasMore, setHasMore] = useState(false);
  const [isLoading, setIsLoading] = useState(true);

  const load = useCallback(async (after: string | null) => {
    setIsLoading(true);
    try {
      const page = await listMedia(after ?? undefined);
      setItems((previous) => (after ? [...previous, ...page.items] : page.items));
      setCursor(page.nextCursor);
      setHasMore(page.nextCursor !== null);
    } finally {
      setIsLoading(false);
    }
  }, []);

  useEffect(() => {
    void load(null);
  }, [load]);

  return {
    items,
    isLoading,
    hasMore,
    loadMore: () => void load(cursor),
    upload: async (file) => {
      const item = await uploadMedia(file);
      setItems((previous) => [item, ...previous.filter((other) => other.id !== item.id)]);
      return item;
    },
    remove: async (item) => {
      await deleteMedia(item.id);
      setItems((previous) => previous.filter((other) => other.id !== item.id));
    },
  };
}
