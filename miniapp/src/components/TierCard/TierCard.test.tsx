import { fireEvent, render, screen } from '@testing-library/react';
import { TierCard, tierProgress, type TierCardView } from './index';

const view = (overrides: Partial<TierCardView> = {}): TierCardView => ({
  tierCode: 'gold',
  tierName: '黄金',
  growthValue: 2_900,
  next: { tierCode: 'platinum', tierName: '铂金', growthThreshold: 5_000, growthNeeded: 2_100 },
  progressBp: 3_000,
  ...overrides,
});

const fill = (container: HTMLElement) => container.querySelector('.tier-card__fill') as HTMLElement;

describe('tierProgress', () => {
  it.each<[string, Partial<TierCardView>, number, string, string | null]>([
    ['part of the way', {}, 30, '再得 2,100 成长值升级为 铂金', '2,900 / 5,000'],
    [
      'at the start of a tier',
      { growthValue: 2_000, progressBp: 0, next: { tierCode: 'platinum', tierName: '铂金', growthThreshold: 5_000, growthNeeded: 3_000 } },
      0,
      '再得 3,000 成长值升级为 铂金',
      '2,000 / 5,000',
    ],
    [
      'one point short',
      { growthValue: 4_999, progressBp: 9_996, next: { tierCode: 'platinum', tierName: '铂金', growthThreshold: 5_000, growthNeeded: 1 } },
      99.96,
      '再得 1 成长值升级为 铂金',
      '4,999 / 5,000',
    ],
    [
      'reached but not yet evaluated',
      { growthValue: 5_000, progressBp: 10_000, next: { tierCode: 'platinum', tierName: '铂金', growthThreshold: 5_000, growthNeeded: 0 } },
      100,
      '即将升级为 铂金',
      '5,000 / 5,000',
    ],
    ['out-of-range basis points are clamped', { progressBp: 12_000 }, 100, '再得 2,100 成长值升级为 铂金', '2,900 / 5,000'],
    ['negative basis points are clamped', { progressBp: -5 }, 0, '再得 2,100 成长值升级为 铂金', '2,900 / 5,000'],
    ['the top tier', { tierCode: 'diamond', tierName: '钻石', growthValue: 12_800, next: null, progressBp: 10_000 }, 100, '已是最高等级，尊享全部权益', null],
  ])('%s', (_name, overrides, percent, text, scale) => {
    const progress = tierProgress(view(overrides));
    expect(progress.percent).toBe(percent);
    expect(progress.text).toBe(text);
    expect(progress.scale).toBe(scale);
    expect(progress.isTopTier).toBe(overrides.next === null);
  });
});

describe('TierCard', () => {
  it('shows the tier name, growth value and a bar filled to the progress toward the next tier', () => {
    const { container } = render(<TierCard view={view()} />);
    expect(screen.getByText('黄金会员')).toBeTruthy();
    expect(screen.getByText('成长值 2,900')).toBeTruthy();
    expect(screen.getByText('再得 2,100 成长值升级为 铂金')).toBeTruthy();
    expect(fill(container).style.width).toBe('30%');
    expect(container.querySelector('[role="progressbar"]')?.getAttribute('aria-valuenow')).toBe('30');
    expect(container.querySelector('.tier-card')?.className).toContain('tier-card--gold');
  });

  it('fills the bar and says so at the top tier', () => {
    const { container } = render(<TierCard view={view({ tierCode: 'diamond', tierName: '钻石', growthValue: 12_800, next: null, progressBp: 10_000 })} />);
    expect(screen.getByText('钻石会员')).toBeTruthy();
    expect(fill(container).style.width).toBe('100%');
    expect(screen.getByText('已是最高等级，尊享全部权益')).toBeTruthy();
    expect(container.querySelector('.tier-card__scale')).toBeNull();
  });

  it('starts empty for a new bronze member and links to 会员中心 in its compact form', () => {
    const onClick = jest.fn();
    const { container } = render(
      <TierCard
        variant='compact'
        view={view({
          tierCode: 'bronze',
          tierName: '青铜',
          growthValue: 0,
          progressBp: 0,
          next: { tierCode: 'silver', tierName: '白银', growthThreshold: 500, growthNeeded: 500 },
        })}
        footer='积分 100'
        onClick={onClick}
      />,
    );
    expect(fill(container).style.width).toBe('0%');
    expect(screen.getByText('再得 500 成长值升级为 白银')).toBeTruthy();
    expect(screen.getByText('积分 100')).toBeTruthy();
    fireEvent.click(screen.getByText('会员中心 ›'));
    expect(onClick).toHaveBeenCalledTimes(1);
  });
});
