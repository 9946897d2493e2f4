/**
 * A segment definition's problems in Chinese, named by their condition as the admin's builder numbers
 * them ("条件 1-2" = group 1, condition 2). The server's 400 SEGMENT_DEFINITION_INVALID message and the
 * builder's row hints read the same words from here. zod and the definition's refinements speak English
 * in `details[].message`; a message already in Chinese (e.g. "标签 #9 不存在") is kept as it is.
 */

const HAN = /\p{Script=Han}/u;

/** The Chinese words for a problem at a condition's field. */
const FIELD_PROBLEMS: Readonly<Record<string, string>> = {
  type: '条件类型不存在',
  fact: '请选择指标',
  op: '请选择比较方式',
  value: '请填写有效的数值',
  to: '区间上限须不小于下限',
  cells: '请选择 RFM 分层',
  stages: '请选择生命周期阶段',
  tiers: '请选择会员等级',
  tagIds: '请选择标签（已选的标签可能不存在或已归档）',
  which: '请选择渠道口径',
  channelIds: '请选择渠道（已选的渠道可能不存在）',
  productIds: '请选择商品或分类（已选的可能不存在）',
  categoryIds: '请选择分类（已选的分类可能不存在）',
  templateIds: '优惠券模板不存在',
  withinDays: '天数须在 1–3650 之间',
  minTimes: '次数须在 1–1000 之间',
  months: '请选择月份',
  cities: '请填写城市',
  channel: '请选择授权渠道',
  granted: '请选择已授权或未授权',
  not: '取反须为是或否',
};

const MATCH_PROBLEM = '须为「满足全部」或「满足任一」';

function partsOf(path: string | readonly PropertyKey[]): string[] {
  return typeof path === 'string' ? (path === '' ? [] : path.split('.')) : path.map(String);
}

/** [group, condition] (0-based) of a path inside a definition ('groups.1.conditions.0.tagIds' → [1, 0]), or null. */
export function segmentConditionAt(path: string | readonly PropertyKey[]): [number, number] | null {
  const parts = partsOf(path);
  if (parts[0] !== 'groups' || parts[2] !== 'conditions') return null;
  const group = Number(parts[1]);
  const condition = Number(parts[3]);
  return Number.isInteger(group) && Number.isInteger(condition) ? [group, condition] : null;
}

/** What to say at a condition for a problem found at `path` with `message`. */
export function segmentProblemText(path: string | readonly PropertyKey[], message: string): string {
  if (HAN.test(message)) return message;
  const key = partsOf(path)[4];
  return (key && FIELD_PROBLEMS[key]) || '此条件有误，请检查';
}

/** Where a problem is, in the builder's words: 条件 1-2, 条件组 1 的组内关系, 组间关系, 条件组. */
export function segmentProblemPlace(path: string | readonly PropertyKey[]): string {
  const parts = partsOf(path);
  const at = segmentConditionAt(parts);
  if (at) return `条件 ${at[0] + 1}-${at[1] + 1}`;
  if (parts[0] === 'match') return '组间关系';
  if (parts[0] === 'groups' && parts.length >= 2 && Number.isInteger(Number(parts[1]))) {
    const group = `条件组 ${Number(parts[1]) + 1}`;
    return parts[2] === 'match' ? `${group} 的组内关系` : parts[2] === 'conditions' ? `${group} 的条件` : group;
  }
  return parts[0] === 'groups' ? '条件组' : '分群条件';
}

/** A problem outside any condition, in Chinese. */
function definitionProblemText(parts: string[], message: string): string {
  if (HAN.test(message)) return message;
  if (parts[parts.length - 1] === 'match') return MATCH_PROBLEM;
  if (parts[0] === 'groups' && parts[2] === 'conditions') return '每组须有 1–20 个条件';
  if (parts[0] === 'groups') return '条件太多：最多 10 组、共 40 个条件';
  return '分群条件须为组间关系加条件组';
}

/** One line naming every problem: "条件 1-2：天数须在 1–3650 之间；组间关系：须为「满足全部」或「满足任一」". */
export function describeSegmentProblems(issues: readonly { path: string | readonly PropertyKey[]; message: string }[]): string {
  const lines = issues.map((issue) => {
    const parts = partsOf(issue.path);
    const text = segmentConditionAt(parts) ? segmentProblemText(parts, issue.message) : definitionProblemText(parts, issue.message);
    return `${segmentProblemPlace(parts)}：${text}`;
  });
  return [...new Set(lines)].join('；');
}
