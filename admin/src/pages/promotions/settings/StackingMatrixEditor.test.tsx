import '../../../testing/jsdom';
import { DEFAULT_STACKING_MATRIX, STACKING_GROUPS, stackingMatrixSchema, type StackingMatrix } from '@siyu/shared';
import { fireEvent, render, screen } from '@testing-library/react';
import { useState } from 'react';
import { isCellOn, sameMatrix, setCell } from './matrix';
import { StackingMatrixEditor } from './StackingMatrixEditor';

function Editor({ initial, onMatrix }: { initial: StackingMatrix; onMatrix(matrix: StackingMatrix): void }) {
  const [value, setValue] = useState(initial);
  return (
    <StackingMatrixEditor
      value={value}
      onChange={(next) => {
        setValue(next);
        onMatrix(next);
      }}
    />
  );
}

const box = (label: string) => screen.getByRole('checkbox', { name: label }) as HTMLInputElement;

describe('StackingMatrixEditor', () => {
  it('ticking a cell ticks its mirror: the matrix stays symmetric', () => {
    const onMatrix = jest.fn();
    render(<Editor initial={DEFAULT_STACKING_MATRIX} onMatrix={onMatrix} />);
    expect([box('秒杀 + 优惠券').checked, box('优惠券 + 秒杀').checked]).toEqual([false, false]);
    fireEvent.click(box('秒杀 + 优惠券'));
    expect([box('秒杀 + 优惠券').checked, box('优惠券 + 秒杀').checked]).toEqual([true, true]);
    fireEvent.click(box('优惠券 + 秒杀'));
    expect([box('秒杀 + 优惠券').checked, box('优惠券 + 秒杀').checked]).toEqual([false, false]);
    const last = onMatrix.mock.calls.at(-1)?.[0] as StackingMatrix;
    for (const a of STACKING_GROUPS) for (const b of STACKING_GROUPS) expect(isCellOn(last, a, b)).toBe(isCellOn(last, b, a));
  });

  it('sends one key per pair, which the server schema accepts as is', () => {
    const onMatrix = jest.fn();
    render(<Editor initial={DEFAULT_STACKING_MATRIX} onMatrix={onMatrix} />);
    fireEvent.click(box('店铺活动 + 优惠券'));
    const sent = onMatrix.mock.calls[0]?.[0] as StackingMatrix;
    expect(Object.keys(sent.pairs)).toHaveLength(15);
    expect(sent.pairs['coupon|store_promotion']).toBe(false);
    expect(stackingMatrixSchema.parse(sent)).toEqual(sent);
  });

  it('has no checkbox on the diagonal (a group never stacks with itself) and 30 in all', () => {
    render(<Editor initial={DEFAULT_STACKING_MATRIX} onMatrix={jest.fn()} />);
    expect(screen.queryByRole('checkbox', { name: '优惠券 + 优惠券' })).toBeNull();
    expect(screen.getAllByRole('checkbox')).toHaveLength(STACKING_GROUPS.length * (STACKING_GROUPS.length - 1));
  });

  it('is read-only when disabled', () => {
    render(<StackingMatrixEditor value={DEFAULT_STACKING_MATRIX} onChange={jest.fn()} disabled />);
    expect(box('秒杀 + 优惠券').disabled).toBe(true);
  });
});

describe('matrix helpers', () => {
  it('setCell ignores the diagonal and sameMatrix compares by pair', () => {
    expect(setCell(DEFAULT_STACKING_MATRIX, 'coupon', 'coupon', true)).toBe(DEFAULT_STACKING_MATRIX);
    const changed = setCell(DEFAULT_STACKING_MATRIX, 'flash_sale', 'coupon', true);
    expect(sameMatrix(changed, DEFAULT_STACKING_MATRIX, STACKING_GROUPS)).toBe(false);
    expect(sameMatrix(setCell(changed, 'coupon', 'flash_sale', false), DEFAULT_STACKING_MATRIX, STACKING_GROUPS)).toBe(true);
  });
});
