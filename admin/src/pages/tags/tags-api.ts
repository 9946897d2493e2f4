import type { TagGroupView, TagImportQuery, TagImportResult, TagImportRowError, TagPatchBody, TagView } from '@siyu/shared';
import { z } from 'zod';
import { api, send } from '../../api/client';
import type { tagBodySchema } from '@siyu/shared';

/** 标签 (issue 14): tag groups, tags, their members and the CSV import (server/src/modules/tags). */

export type { TagGroupView, TagImportResult, TagImportRowError, TagView } from '@siyu/shared';
export type TagBody = z.input<typeof tagBodySchema>;

export const tagsApi = {
  groups: (signal?: AbortSignal) => api.get<{ items: TagGroupView[] }>('/api/admin/tag-groups', undefined, signal).then((body) => body.items),
  createGroup: (body: { name: string; sort?: number }) => api.post<TagGroupView>('/api/admin/tag-groups', body),
  updateGroup: (id: number, body: { name?: string; sort?: number }) => api.patch<TagGroupView>(`/api/admin/tag-groups/${id}`, body),
  deleteGroup: (id: number) => api.delete(`/api/admin/tag-groups/${id}`),
  create: (body: TagBody) => api.post<TagView>('/api/admin/tags', body),
  update: (id: number, body: TagPatchBody) => api.patch<TagView>(`/api/admin/tags/${id}`, body),
  archive: (id: number) => api.post<TagView>(`/api/admin/tags/${id}/archive`),
  addMembers: (id: number, memberIds: number[]) => api.post<{ added: number; already: number }>(`/api/admin/tags/${id}/members`, { memberIds }),
  removeMembers: (id: number, memberIds: number[]) => api.post<{ removed: number }>(`/api/admin/tags/${id}/members/remove`, { memberIds }),
  /** The CSV goes as `{ csv }` in a JSON body (the server takes text/csv too). */
  import: async (id: number, query: TagImportQuery, csv: string): Promise<TagImportResult> =>
    (await send('POST', `/api/admin/tags/${id}/import`, { query: { ...query }, body: { csv } })).json() as Promise<TagImportResult>,
};

/** "12, 15 16\n20" → [12, 15, 16, 20]; null when a piece is not a positive whole number. */
export function parseMemberIds(text: string): number[] | null {
  const pieces = text.split(/[\s,，、;；]+/).filter((piece) => piece !== '');
  if (pieces.length === 0) return null;
  const ids: number[] = [];
  for (const piece of pieces) {
    if (!/^[1-9]\d{0,9}$/.test(piece)) return null;
    const id = Number(piece);
    if (id > 2_147_483_647) return null;
    if (!ids.includes(id)) ids.push(id);
  }
  return ids;
}

/** The row errors a refused all-or-nothing import carries in error.details. */
export const importErrorsOf = (details: unknown): TagImportRowError[] | null =>
  (z.object({ errors: z.array(z.object({ line: z.number(), value: z.string(), code: z.string(), message: z.string() })) }).safeParse(details).data?.errors as
    TagImportRowError[] | undefined) ?? null;
