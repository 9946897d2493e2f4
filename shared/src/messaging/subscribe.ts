/**
 * WeChat subscribe-message keyword limits (wechat-protocols.md §3): a template's fields are typed by their
 * key's prefix (`thing1`, `amount2`, `time3` …); each value must fit its type or WeChat answers 47003.
 * Checked when a template is configured, when a journey is published and before every send.
 */

export const SUBSCRIBE_FIELD_TYPES = [
  'thing',
  'number',
  'letter',
  'symbol',
  'character_string',
  'time',
  'date',
  'amount',
  'phone_number',
  'car_number',
  'name',
  'phrase',
] as const;
export type SubscribeFieldType = (typeof SUBSCRIBE_FIELD_TYPES)[number];

/** The field's type from its key (`thing1` → thing, `character_string3` → character_string); null when unknown. */
export function subscribeFieldType(key: string): SubscribeFieldType | null {
  const match = /^([a-z_]+?)\d+$/.exec(key);
  const type = match?.[1];
  return type && (SUBSCRIBE_FIELD_TYPES as readonly string[]).includes(type) ? (type as SubscribeFieldType) : null;
}

const chars = (value: string) => [...value].length;
const CHINESE = /^[\u4e00-\u9fa5]*$/;

/**
 * Why `value` breaks the limit of `type`, in Chinese for staff (null when it fits). Placeholders are not
 * rendered here: callers check the rendered value, or the literal text with each placeholder at its longest.
 */
export function subscribeValueProblem(type: SubscribeFieldType, value: string): string | null {
  const n = chars(value);
  if (n === 0) return '不能为空';
  switch (type) {
    case 'thing':
      return n <= 20 ? null : `事物类字段不超过 20 个字（现 ${n} 个）`;
    case 'number':
      return n <= 32 && /^[0-9.]+$/.test(value) ? null : '数字类字段只能是不超过 32 位的数字';
    case 'letter':
      return n <= 32 && /^[A-Za-z]+$/.test(value) ? null : '字母类字段只能是不超过 32 个字母';
    case 'symbol':
      return n <= 5 ? null : `符号类字段不超过 5 个字符（现 ${n} 个）`;
    case 'character_string':
      return n <= 32 && /^[0-9A-Za-z_\-.:/@#*+ ]+$/.test(value) ? null : '字符串字段只能是不超过 32 位的数字、字母或符号';
    case 'time':
    case 'date':
      return n <= 32 ? null : '时间字段不超过 32 个字符';
    case 'amount':
      return /^[¥$€£]?\d{1,10}(\.\d{1,2})?元?$/.test(value) ? null : '金额字段为一个货币符号加不超过 10 位数字';
    case 'phone_number':
      return n <= 17 && /^[0-9+\- ]+$/.test(value) ? null : '电话字段不超过 17 位数字或符号';
    case 'car_number':
      return n <= 8 ? null : '车牌字段不超过 8 个字符';
    case 'name':
      return CHINESE.test(value) ? (n <= 10 ? null : '姓名不超过 10 个汉字') : n <= 20 ? null : '姓名不超过 20 个字母';
    case 'phrase':
      return n <= 5 && CHINESE.test(value) ? null : '短语字段为不超过 5 个汉字';
  }
}
