import { formatFen, formatZhe, type Fen, type PromotionRule } from '@siyu/shared';

/** What the stub of a coupon shows: "¥" "50" above "满199可用", or "8.5" "折" above "最高减¥20". */
export interface CouponFace {
  prefix?: string;
  amount: string;
  suffix?: string;
  condition: string;
}

/** 5000 → "50", 990 → "9.90" (display only; formatFen's integer arithmetic). */
const yuan = (amount: number) =>
  formatFen(amount as Fen)
    .replace('¥', '')
    .replace(/\.00$/, '');
const money = (amount: string, condition: string): CouponFace => ({ prefix: '¥', amount, condition });
const threshold = (thresholdFen: number, none = '无门槛') => (thresholdFen > 0 ? `满${yuan(thresholdFen)}可用` : none);

function faceOfRule(rule: PromotionRule): CouponFace | null {
  switch (rule.kind) {
    case 'threshold_off': {
      // A ladder shows its first step; the name and the rule text carry the rest.
      const first = rule.tiers[0];
      return first ? money(yuan(first.offFen), `满${yuan(first.thresholdFen)}可用`) : null;
    }
    case 'percent_off':
      return {
        amount: formatZhe(rule.offBp).replace('折', ''),
        suffix: '折',
        condition: rule.capFen !== null ? `最高减¥${yuan(rule.capFen)}` : threshold(rule.thresholdFen),
      };
    case 'fixed_off':
      return money(yuan(rule.offFen), '无门槛');
    case 'new_customer':
      return money(yuan(rule.offFen), rule.thresholdFen > 0 ? `新人满${yuan(rule.thresholdFen)}可用` : '新人首单');
    case 'free_shipping':
      return { amount: '包邮', condition: threshold(rule.thresholdFen) };
    default:
      return null;
  }
}

const NUMBER = '(\\d+(?:\\.\\d+)?)';
/** The rule texts the shared describeRule writes, read back (for views that carry only the text). */
const TEXT_FACES: [RegExp, (m: RegExpExecArray) => CouponFace][] = [
  [new RegExp(`^满${NUMBER}减${NUMBER}`), (m) => money(m[2] ?? '', `满${m[1] ?? ''}可用`)],
  [
    new RegExp(`^(?:满¥${NUMBER} )?${NUMBER}折(?: 最高减¥${NUMBER})?`),
    (m) => ({ amount: m[2] ?? '', suffix: '折', condition: m[3] ? `最高减¥${m[3]}` : m[1] ? `满${m[1]}可用` : '无门槛' }),
  ],
  [new RegExp(`^无门槛减¥${NUMBER}`), (m) => money(m[1] ?? '', '无门槛')],
  [new RegExp(`^新人首单(?:满¥${NUMBER})?减¥${NUMBER}`), (m) => money(m[2] ?? '', m[1] ? `新人满${m[1]}可用` : '新人首单')],
  [new RegExp(`^满¥${NUMBER}包邮`), (m) => ({ amount: '包邮', condition: `满${m[1] ?? ''}可用` })],
  [/^包邮券/, () => ({ amount: '包邮', condition: '无门槛' })],
];

/** The stub of a coupon from its rule, or from its rule text when the view has no rule. */
export function couponFace(rule: PromotionRule | null, ruleText: string): CouponFace {
  const fromRule = rule ? faceOfRule(rule) : null;
  if (fromRule) return fromRule;
  for (const [pattern, face] of TEXT_FACES) {
    const match = pattern.exec(ruleText);
    if (match) return face(match);
  }
  return { amount: ruleText, condition: '' };
}

/** "有效期至 2026.12.31" (Beijing date). */
export function validityUntilText(expiresAt: string): string {
  const ms = Date.parse(expiresAt);
  if (Number.isNaN(ms)) return '';
  const beijing = new Date(ms + 8 * 3_600_000);
  const two = (value: number) => String(value).padStart(2, '0');
  return `有效期至 ${beijing.getUTCFullYear()}.${two(beijing.getUTCMonth() + 1)}.${two(beijing.getUTCDate())}`;
}
