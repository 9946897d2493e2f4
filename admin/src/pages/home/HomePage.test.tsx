import '../../testing/jsdom';
import type { AdminHomeSummary, Fen } from '@siyu/shared';
import { homeCards } from './HomePage';

// @ant-design/icons v6 ships ES modules only, which the admin jest project does not transform.
jest.mock('@ant-design/icons', () => new Proxy({}, { get: () => () => null }));

const summary: AdminHomeSummary = {
  date: '2026-12-05',
  ordersToShip: 3,
  refundsToReview: 0,
  approvalsWaiting: 2,
  paidToday: { orders: 4, gmvFen: 123456 as Fen },
};

describe('homeCards', () => {
  it('shows every figure, zero included, each linking to its filtered page, GMV in yuan from fen', () => {
    const cards = homeCards(summary);
    expect(cards.map((card) => [card.title, card.value, card.to])).toEqual([
      ['待发货订单', 3, '/orders?status=paid'],
      ['待审核退款', 0, '/refunds'],
      ['待审批活动', 2, '/promotions/approvals'],
      ['今日支付订单', 4, '/orders?from=2026-12-05&to=2026-12-05'],
    ]);
    expect(cards[3]?.hint).toBe('成交额 ¥1,234.56');
  });

  it('leaves out the cards of figures the role may not see', () => {
    const cards = homeCards({ ...summary, ordersToShip: null, refundsToReview: null, paidToday: null });
    expect(cards.map((card) => card.key)).toEqual(['approvals']);
  });
});
