import { z } from 'zod';
import { cursorSchema, limitSchema, textSchema } from '../common/schemas';
import { segmentDefinitionSchema, type SegmentDefinition } from './segment';

/** POST /api/admin/segments/members: the members of an unsaved definition, a page at a time (id order). */
export const segmentMembersBodySchema = z.strictObject({
  definition: segmentDefinitionSchema,
  cursor: cursorSchema,
  /** 1 … 100, default 20 (a JSON number: no coercion in a body). */
  limit: z.number().int().min(1).max(100).default(20),
});

/** GET /api/admin/segments/:id/members. */
export const segmentMembersQuerySchema = z.strictObject({ cursor: cursorSchema, limit: limitSchema });

/** POST /api/admin/segments/:id/snapshots. */
export const segmentSnapshotBodySchema = z.strictObject({ name: textSchema(40).optional() });

/** PATCH /api/admin/segments/:id: any of the fields. */
export const segmentPatchBodySchema = z
  .strictObject({ name: textSchema(40).optional(), description: textSchema(200, 0).optional(), definition: segmentDefinitionSchema.optional() })
  .refine((body) => Object.keys(body).length > 0, { message: 'nothing to change', path: ['name'] });

export interface SegmentView {
  id: number;
  name: string;
  description: string;
  definition: SegmentDefinition;
  status: 'active' | 'archived';
  lastCount: number | null;
  lastCountedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface SegmentMember {
  id: number;
  nickname: string;
  avatarUrl: string | null;
  phoneMasked: string | null;
  tierCode: string;
  lifecycle: string;
  rfmCell: string | null;
  paidOrders: number;
  netPaidFen: number;
  lastPaidAt: string | null;
}

export interface SegmentSnapshotView {
  id: number;
  segmentId: number | null;
  name: string;
  memberCount: number;
  createdAt: string;
}

export interface SegmentPreview {
  count: number;
  totalMembers: number;
}

export interface SegmentHistory {
  points: { day: string; members: number }[];
}
