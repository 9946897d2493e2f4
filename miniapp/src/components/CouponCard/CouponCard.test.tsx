import { render, screen } from '@testing-library/react';
import { describeRule, type Fen, type PromotionRule } from '@siyu/shared';
import { CouponCard, couponFace, validityUntilText } from './index';

const fen = (value: number) => value as Fen;

describe('couponFace', () => {
  it.each<[PromotionRule, string, string, string]>([
    [{ kind: 'threshold_off', tiers: [{ thresholdFen: fen(19900), offFen: fen(5000) }] }, '¥', '50', '满199可用'],
    [
      {
        kind: 'threshold_off',
        tiers: [
          { thresholdFen: fen(9900), offFen: fen(1000) },
          { thresholdFen: fen(19900), offFen: fen(3000) },
        ],
      },
      '¥',
      '10',
      '满99可用',
    ],
    [{ kind: 'percent_off', offBp: 1500, capFen: fen(2000), thresholdFen: fen(0) }, '', '8.5', '最高减¥20'],
    [{ kind: 'percent_off', offBp: 1000, capFen: null, thresholdFen: fen(9900) }, '', '9', '满99可用'],
    [{ kind: 'fixed_off', offFen: fen(500) }, '¥', '5', '无门槛'],
    [{ kind: 'fixed_off', offFen: fen(990) }, '¥', '9.90', '无门槛'],
    [{ kind: 'new_customer', offFen: fen(1000), thresholdFen: fen(0) }, '¥', '10', '新人首单'],
    [{ kind: 'new_customer', offFen: fen(2000), thresholdFen: fen(9900) }, '¥', '20', '新人满99可用'],
    [{ kind: 'free_shipping', thresholdFen: fen(0) }, '', '包邮', '无门槛'],
    [{ kind: 'free_shipping', thresholdFen: fen(5900) }, '', '包邮', '满59可用'],
  ])('%j → %s%s, %s — the same from the rule and from its rule text', (rule, prefix, amount, condition) => {
    const face = couponFace(rule, describeRule(rule));
    expect(`${face.prefix ?? ''}|${face.amount}|${face.condition}`).toBe(`${prefix}|${amount}|${condition}`);
    // Views that carry only the text (the checkout picker) show the same stub.
    expect(couponFace(null, describeRule(rule))).toEqual(face);
  });

  it('shows an unknown rule text as it is', () => {
    expect(couponFace(null, '会员日专享')).toEqual({ amount: '会员日专享', condition: '' });
  });

  it('writes the expiry as a Beijing date', () => {
    expect(validityUntilText('2026-12-31T15:59:59.000Z')).toBe('有效期至 2026.12.31');
  });
});

describe('CouponCard', () => {
  it('shows the stub, name, validity, tag, note and stamp; muted cards are grey', () => {
    const { container } = render(
      <CouponCard
        face={{ prefix: '¥', amount: '50', condition: '满199可用' }}
        name='双11满减券'
        validity='领取后7天内有效'
        tag='推荐'
        note='还差¥12.00可用'
        stamp='已使用'
        tone='muted'
      />,
    );
    expect(container.querySelector('.coupon-card__value')?.textContent).toBe('¥50');
    for (const text of ['满199可用', '双11满减券', '领取后7天内有效', '推荐', '还差¥12.00可用', '已使用']) expect(screen.getByText(text)).toBeTruthy();
    expect(container.querySelector('.coupon-card--muted')).not.toBeNull();
  });
});
