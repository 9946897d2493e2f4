import { fenToYuanString, parseYuanToFen, toFen, type Fen } from '@siyu/shared';
import type { FormRule } from 'antd';

/**
 * Prices are typed in yuan and kept as text in the form; they become integer fen only through
 * parseYuanToFen (string arithmetic, no floats), so ¥0.1 + ¥0.2 is 10 + 20 = 30 fen, never 30.000000000000004.
 */

export const YUAN_FORMAT_ERROR = '金额格式错误：最多两位小数，如 12.50';

/** Fen → the text a yuan input shows ("19.99"); empty for no price. */
export function fenToYuanText(fen: number | null | undefined): string {
  return fen === null || fen === undefined ? '' : fenToYuanString(toFen(fen));
}

/** Yuan text → fen; null for an empty field, undefined for text that is not an amount (three decimals, letters). */
export function yuanTextToFen(text: string | null | undefined): Fen | null | undefined {
  const trimmed = (text ?? '').trim();
  if (trimmed === '') return null;
  const fen = parseYuanToFen(trimmed);
  return fen === null ? undefined : fen;
}

/** The form rule of a yuan field: an amount with at most two decimals, not negative, required unless told. */
export function yuanRule(options: { required?: boolean } = {}): FormRule {
  return {
    validator: async (_rule, value: string | undefined) => {
      const fen = yuanTextToFen(value);
      if (fen === null) {
        if (options.required) throw new Error('请输入金额');
        return;
      }
      if (fen === undefined) throw new Error(YUAN_FORMAT_ERROR);
      if (fen < 0) throw new Error('金额不能为负');
    },
  };
}
