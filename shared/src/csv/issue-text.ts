import { formatFen, type Fen } from '../money';

/** The parts of a zod issue that a person needs to read (zod 4's `$ZodIssue` has these). */
export interface IssueLike {
  code: string;
  message: string;
  path?: readonly PropertyKey[];
  origin?: string;
  minimum?: number | bigint;
  maximum?: number | bigint;
}

/**
 * The shared schemas carry English messages for API clients; staff read Chinese. Messages the
 * schemas set themselves are translated here, others fall back to a description of the issue code.
 */
const KNOWN_MESSAGES: Readonly<Record<string, string>> = {
  'the private price must not exceed the public reference price': '私域价不能高于划线价',
  'a SKU has 1 to 5 spec values': '每个规格需要 1 到 5 个规格值',
  'must be 4–32 letters, digits or "-"': '条码须为 4–32 位字母、数字或 "-"',
  'must be 6–40 letters, digits or "-"': '快递单号须为 6–40 位字母、数字或 "-"',
  'must be an http(s) URL or a site path': '图片地址须为 http(s) 链接或以 / 开头的站内路径',
  'must not contain control characters': '不能包含控制字符',
  'must be an integer amount of fen': '金额最多两位小数',
  'must be 3–32 lowercase letters, digits, "_", "." or "-", starting with a letter': '用户名须为 3–32 位小写字母、数字或 _ . -，以字母开头',
  'must be at least 10 characters': '至少 10 个字符',
  'nothing to update': '没有需要保存的修改',
  'must not be zero': '不能为 0',
  'must be an 11-digit mainland mobile number': '请输入 11 位手机号',
  'a category cannot be its own parent': '分类不能以自己为上级',
  'unknown field': '不支持的字段',
};

/** True when the issue is about an amount of money (fields named …Fen, tier prices). */
function isMoneyPath(path: readonly PropertyKey[]): boolean {
  return path.some((part) => typeof part === 'string' && (part.endsWith('Fen') || part === 'tierPrices'));
}

function bound(value: number | bigint | undefined, isMoney: boolean): string {
  const n = Number(value ?? 0);
  return isMoney && Number.isSafeInteger(n) ? formatFen(n as Fen) : String(n);
}

function describeSize(issue: IssueLike, isMoney: boolean): string {
  const isTooSmall = issue.code === 'too_small';
  const limit = bound(isTooSmall ? issue.minimum : issue.maximum, isMoney);
  switch (issue.origin) {
    case 'string':
      return isTooSmall ? (limit === '1' ? '不能为空' : `至少 ${limit} 个字符`) : `最多 ${limit} 个字符`;
    case 'array':
    case 'set':
      return isTooSmall ? `至少 ${limit} 项` : `最多 ${limit} 项`;
    default:
      return isTooSmall ? `不能小于 ${limit}` : `不能大于 ${limit}`;
  }
}

/** A Chinese sentence for one validation issue of a shared schema (forms and CSV reports show it). */
export function describeIssue(issue: IssueLike): string {
  const known = KNOWN_MESSAGES[issue.message];
  if (known) return known;
  const isMoney = isMoneyPath(issue.path ?? []);
  switch (issue.code) {
    case 'too_small':
    case 'too_big':
      return describeSize(issue, isMoney);
    case 'invalid_type':
      if (/received undefined/.test(issue.message)) return '必填';
      return isMoney ? '金额最多两位小数' : /expected int/.test(issue.message) ? '必须是整数' : '格式不正确';
    case 'invalid_value':
      return '不是可选的值';
    case 'invalid_format':
      return '格式不正确';
    case 'unrecognized_keys':
      return '包含不支持的字段';
    default:
      return issue.message;
  }
}
