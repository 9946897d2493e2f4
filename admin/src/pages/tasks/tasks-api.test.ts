import { dueLabel, TASK_KIND_NAMES } from './tasks-api';

describe('dueLabel', () => {
  it('shows the due time in China time and whether it is overdue', () => {
    const now = new Date('2026-12-06T02:00:00Z');
    expect(dueLabel('2026-12-06T01:30:00Z', now)).toEqual({ text: '12-06 09:30', isOverdue: true });
    expect(dueLabel('2026-12-31T16:05:00Z', now)).toEqual({ text: '01-01 00:05', isOverdue: false });
  });

  it('names every task kind in Chinese', () => {
    expect(Object.values(TASK_KIND_NAMES).every((name) => /[\u4e00-\u9fff]/.test(name))).toBe(true);
  });
});
