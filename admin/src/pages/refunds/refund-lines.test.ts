import { orderLineLabel, refundIdsOfEvents, refundItems, refundSummary } from './refund-lines';

const lines: { lineNo: number; title: string; specs: Record<string, string> }[] = [
  { lineNo: 1, title: '每日坚果 25g×30包', specs: { 规格: '25g×30包' } },
  { lineNo: 2, title: '椰子水', specs: {} },
];

describe('refund lines', () => {
  it('names a line by its order line, or by number when the order is not loaded', () => {
    expect(orderLineLabel(1, lines)).toBe('每日坚果 25g×30包（规格:25g×30包）');
    expect(orderLineLabel(2, lines)).toBe('椰子水');
    expect(orderLineLabel(3, lines)).toBe('第 3 行');
    expect(orderLineLabel(1, undefined)).toBe('第 1 行');
  });

  it('lists shipping as its own row, so the rows add up to the refund amount', () => {
    const refund = {
      lines: [
        { lineNo: 1, quantity: 2, amountFen: 5980 },
        { lineNo: 2, quantity: 1, amountFen: 1 },
      ],
      shippingFen: 800,
      amountFen: 6781,
    };
    const items = refundItems(refund, lines);
    expect(items.map((item) => [item.label, item.quantity, item.amountFen])).toEqual([
      ['每日坚果 25g×30包（规格:25g×30包）', 2, 5980],
      ['椰子水', 1, 1],
      ['运费', null, 800],
    ]);
    expect(items.reduce((sum, item) => sum + item.amountFen, 0)).toBe(refund.amountFen);
    expect(refundSummary(refund)).toBe('第 1 行 × 2，第 2 行 × 1，含运费 ¥8.00');
    expect(refundItems({ lines: refund.lines, shippingFen: 0 }).map((item) => item.key)).toEqual(['line-1', 'line-2']);
  });

  it('finds the refunds an order timeline names, each once', () => {
    const events = [
      { type: 'created', data: { payableFen: 100 } },
      { type: 'refund_requested', data: { refundId: 4, amountFen: 50 } },
      { type: 'refund_rejected', data: { refundId: 4 } },
      { type: 'refund_requested', data: { refundId: 9 } },
      { type: 'refund_requested', data: null },
      { type: 'refund_requested', data: { refundId: '10' } },
      { type: 'refund_requested', data: { refundId: 4 } },
    ];
    expect(refundIdsOfEvents(events)).toEqual([4, 9]);
  });
});
