import '../../../testing/jsdom';
import type { PromotionRule } from '@siyu/shared';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { App } from 'antd';
import { catalogApi } from '../../../api/catalog';
import { ApiError } from '../../../api/client';
import { couponsApi } from '../../../api/promotions';
import { buildPreview, buildProduct } from '../testing/builders';
import { CouponPreviewPanel } from './CouponPreviewPanel';

jest.mock('@ant-design/icons', () => new Proxy({}, { get: () => () => null }));
jest.mock('../../../api/catalog', () => ({ catalogApi: { products: jest.fn(), product: jest.fn() } }));
jest.mock('../../../api/promotions', () => ({ couponsApi: { preview: jest.fn() } }));
const products = catalogApi.products as jest.MockedFunction<typeof catalogApi.products>;
const preview = couponsApi.preview as jest.MockedFunction<typeof couponsApi.preview>;

const rule = { kind: 'threshold_off', tiers: [{ thresholdFen: 19900, offFen: 5000 }] } as PromotionRule;
const ok = <T,>(value: T) => ({ ok: true as const, value });

async function addSampleSku() {
  fireEvent.mouseDown(screen.getByLabelText('添加样例商品'));
  fireEvent.click(await screen.findByText('每日坚果 · 规格:25g×30包（¥99.00，成本 ¥50.00）'));
  await screen.findByText('每日坚果 · 规格:25g×30包', { selector: 'td' });
}

describe('CouponPreviewPanel', () => {
  beforeEach(() => {
    products.mockReset().mockResolvedValue({ items: [buildProduct()], nextCursor: null });
    preview.mockReset().mockResolvedValue(buildPreview());
  });

  it('asks for a sample cart first and calls nothing', async () => {
    render(
      <App>
        <CouponPreviewPanel rule={ok(rule)} scope={ok({ kind: 'all' })} />
      </App>,
    );
    expect(screen.getByText('添加样例商品后显示预览')).toBeTruthy();
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(preview).not.toHaveBeenCalled();
  });

  it('previews the sample cart with the rule once the input settles, then again on a new quantity', async () => {
    render(
      <App>
        <CouponPreviewPanel rule={ok(rule)} scope={ok({ kind: 'all' })} />
      </App>,
    );
    await addSampleSku();
    await waitFor(() => expect(preview).toHaveBeenCalledTimes(1));
    expect(preview).toHaveBeenLastCalledWith({ rule, scope: { kind: 'all' }, lines: [{ skuId: 7, quantity: 1 }], tierCode: null });
    expect((await screen.findByTestId('preview-totals')).textContent).toContain('-¥50.00');
    expect(screen.getByTestId('preview-explanation').textContent).toBe('优惠券 满199减50：-¥50.00');
    expect(screen.getByTestId('preview-assessment').textContent).toBe('无需审批 · 折扣深度 25.12%');

    fireEvent.change(screen.getByLabelText('数量 每日坚果 · 规格:25g×30包'), { target: { value: '3' } });
    await waitFor(() => expect(preview).toHaveBeenCalledTimes(2));
    expect(preview).toHaveBeenLastCalledWith(expect.objectContaining({ lines: [{ skuId: 7, quantity: 3 }] }));
  });

  it('shows the maker-checker verdict: 需审批 with the depth and the below-cost SKUs', async () => {
    preview.mockResolvedValue(
      buildPreview({
        applicable: false,
        reason: '还差¥100.00可用',
        assessment: { depthBp: 6000, belowCost: [{ skuId: 7, priceAfterFen: 3960, costPriceFen: 5000 }], needsApproval: true },
      }),
    );
    render(
      <App>
        <CouponPreviewPanel rule={ok(rule)} scope={ok({ kind: 'all' })} maxDepthBp={5000} />
      </App>,
    );
    await addSampleSku();
    expect((await screen.findByTestId('preview-assessment')).textContent).toBe('需审批：折扣深度 60%／低于成本 1 个规格');
    expect(screen.getByTestId('preview-reason').textContent).toContain('还差¥100.00可用');
    expect(screen.getByText('每日坚果 · 规格:25g×30包：¥39.60，成本 ¥50.00')).toBeTruthy();
  });

  it('waits for a complete rule and shows a failed preview with its Chinese message and request id, not its code', async () => {
    preview.mockRejectedValue(new ApiError(400, 'VALIDATION_FAILED', 'bad rule', undefined, 'req-42'));
    const { rerender } = render(
      <App>
        <CouponPreviewPanel rule={{ ok: false, errors: [] }} scope={ok({ kind: 'all' })} />
      </App>,
    );
    await addSampleSku();
    expect(screen.getByText('填写完整的规则后显示预览')).toBeTruthy();
    rerender(
      <App>
        <CouponPreviewPanel rule={ok(rule)} scope={ok({ kind: 'all' })} />
      </App>,
    );
    expect(await screen.findByText('提交的信息有误，请检查后重试')).toBeTruthy();
    expect(screen.queryByText('VALIDATION_FAILED')).toBeNull();
    expect(screen.getByText('请求编号 req-42')).toBeTruthy();
  });
});
