import { z } from 'zod';
import { hasNoControlChars, idSchema, textSchema } from '../common/schemas';
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

/** PATCH /api/admin/tag-groups/:id. */
export const tagGroupPatchBodySchema = tagGroupBodySchema.partial();

/** PATCH /api/admin/tags/:id: a rule only for a rule tag; a channel tag takes only description and color. */
export const tagPatchBodySchema = z.strictObject({
  groupId: idSchema.optional(),
  name: textSchema(20).optional(),
  description: textSchema(200, 0).optional(),
  color: z
    .string()
    .regex(/^#[0-9a-fA-F]{6}$/)
    .nullable()
    .optional(),
  rule: segmentDefinitionSchema.optional(),
});
export type TagPatchBody = z.output<typeof tagPatchBodySchema>;

/** At most this many data rows in one tag import file. */
export const TAG_IMPORT_MAX_ROWS = 100_000;

/** POST /api/admin/tags/:id/import?by=phone|memberId&mode=all_or_nothing|skip_bad. */
export const tagImportQuerySchema = z.strictObject({
  by: z.enum(['phone', 'memberId']).default('phone'),
  mode: z.enum(['all_or_nothing', 'skip_bad']).default('all_or_nothing'),
});
export type TagImportQuery = z.output<typeof tagImportQuerySchema>;

/** The same import with the CSV in a JSON body (`{ csv }`), for clients that cannot send text/csv. */
export const tagImportJsonBodySchema = z.strictObject({
  csv: z
    .string()
    .min(1)
    .max(4_000_000)
    .refine((csv) => hasNoControlChars(csv, true), { message: 'must not contain control characters' }),
});

export const TAG_IMPORT_ROW_CODES = ['PHONE_INVALID', 'MEMBER_ID_INVALID', 'MEMBER_NOT_FOUND', 'DUPLICATE_ROW', 'VALUE_MISSING'] as const;
export type TagImportRowCode = (typeof TAG_IMPORT_ROW_CODES)[number];

/** A refused row of a tag import: its 1-based line, its value (a phone masked), a code and a Chinese message. */
export interface TagImportRowError {
  line: number;
  value: string;
  code: TagImportRowCode;
  message: string;
}

export interface TagImportResult {
  /** Data rows read (the header and blank lines left out). */
  rows: number;
  added: number;
  already: number;
  errors: TagImportRowError[];
}

export type TagStatus = 'active' | 'archived';

/** A tag as the admin reads it, with its live member count. */
export interface TagView {
  id: number;
  groupId: number;
  name: string;
  kind: TagKind;
  description: string;
  color: string | null;
  rule: z.output<typeof segmentDefinitionSchema> | null;
  channelId: number | null;
  status: TagStatus;
  members: number;
  createdAt: string;
  updatedAt: string;
}

export interface TagGroupView {
  id: number;
  name: string;
  sort: number;
  tags: TagView[];
}
