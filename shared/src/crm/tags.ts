import { z } from 'zod';
import { idSchema, textSchema } from '../common/schemas';
import { segmentDefinitionSchema } from './segment';

/** manual: staff add and remove; rule: a segment definition evaluated by the segment engine; channel: automatic from acquisition. */
export const TAG_KINDS = ['manual', 'rule', 'channel'] as const;
export const tagKindSchema = z.enum(TAG_KINDS);
export type TagKind = z.infer<typeof tagKindSchema>;

export const tagGroupBodySchema = z.strictObject({ name: textSchema(20), sort: z.number().int().min(0).max(10_000).optional() });

export const tagBodySchema = z
  .strictObject({
    groupId: idSchema,
    name: textSchema(20),
    kind: z.enum(['manual', 'rule']),
    description: textSchema(200, 0).optional(),
    color: z
      .string()
      .regex(/^#[0-9a-fA-F]{6}$/)
      .optional(),
    /** For rule tags: who carries the tag. */
    rule: segmentDefinitionSchema.optional(),
  })
  .refine((t) => (t.kind === 'rule') === (t.rule !== undefined), { message: 'a rule tag needs a rule; a manual tag has none', path: ['rule'] });

/** POST /api/admin/tags/:id/members and DELETE (body): add or remove a tag for up to 10,000 members. */
export const tagMembersBodySchema = z.strictObject({ memberIds: z.array(idSchema).min(1).max(10_000) });
