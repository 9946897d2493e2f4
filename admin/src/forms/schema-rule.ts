import { describeIssue } from '@siyu/shared';
import type { FormRule } from 'antd';
import type { z } from 'zod';

/**
 * A form rule that runs one field of a shared zod schema (the one the server runs), so a value the
 * server would refuse is refused before submit, with the same reason in Chinese.
 */
export function schemaRule(schema: z.ZodType, transform: (value: unknown) => unknown = (value) => value): FormRule {
  return {
    validator: async (_rule, value: unknown) => {
      const result = schema.safeParse(transform(value));
      if (result.success) return;
      const [issue] = result.error.issues;
      throw new Error(issue ? describeIssue(issue) : '格式不正确');
    },
  };
}

/** Empty inputs mean "not given" to an optional schema field. */
export const emptyToUndefined = (value: unknown): unknown => (value === '' || value === null ? undefined : value);
