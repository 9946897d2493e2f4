import type { MediaItem } from '@siyu/shared';
import { api, send } from './client';
import type { Page } from './types';

/** GET /api/admin/media: the library, newest first. */
export function listMedia(cursor?: string, limit = 40): Promise<Page<MediaItem>> {
  return api.get<Page<MediaItem>>('/api/admin/media', { cursor, limit });
}

/** POST /api/admin/media (multipart `file`): the server decides by content whether it is an image. */
export async function uploadMedia(file: File): Promise<MediaItem> {
  const body = new FormData();
  body.append('file', file);
  const response = await send('POST', '/api/admin/media', { body });
  return (await response.json()) as MediaItem;
}

/** DELETE /api/admin/media/:id (refused with MEDIA_IN_USE while a product shows it). */
export function deleteMedia(id: number): Promise<void> {
  return api.delete(`/api/admin/media/${id}`);
}
