import { bpPercent, rebuildPercent, thresholdsText } from './crm-labels';

describe('crm labels', () => {
  it('formats basis points with one decimal', () => {
    expect(bpPercent(1234)).toBe('12.3%');
    expect(bpPercent(0)).toBe('0.0%');
    expect(bpPercent(10_000)).toBe('100.0%');
    expect(bpPercent(null)).toBe('—');
  });

  it('spells the thresholds in force and the window', () => {
    expect(thresholdsText({ recencyDays: 30, frequency: 2, monetaryFen: 30_000 }, 365)).toBe('最近消费 ≤ 30 天 · 订单数 ≥ 2 · 消费额 ≥ ¥300.00，近 365 天');
    expect(thresholdsText(null, 365)).toBe('还没有计算阈值（近 365 天）');
  });

  it('caps a running rebuild below 100 %', () => {
    expect(rebuildPercent({ status: 'running', total: 10, processed: 10 })).toBe(99);
    expect(rebuildPercent({ status: 'running', total: 0, processed: 0 })).toBe(0);
    expect(rebuildPercent({ status: 'done', total: 0, processed: 0 })).toBe(100);
    expect(rebuildPercent({ status: 'running', total: 200, processed: 50 })).toBe(25);
  });
});

describe('tag member ids', () => {
  it('reads ids separated by commas, spaces and Chinese punctuation, once each', async () => {
    const { parseMemberIds } = await import('../tags/tags-api');
    expect(parseMemberIds('12, 15 16\n20，12')).toEqual([12, 15, 16, 20]);
    expect(parseMemberIds('12, abc')).toBeNull();
    expect(parseMemberIds('0')).toBeNull();
    expect(parseMemberIds('   ')).toBeNull();
    expect(parseMemberIds('99999999999')).toBeNull();
  });
});
