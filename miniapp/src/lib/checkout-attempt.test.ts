import type { OrderCreateInput } from '../api/orders';
import { keyForSubmission, newIdempotencyKey, submissionFingerprint } from './checkout-attempt';

const SERVER_KEY_PATTERN = /^[A-Za-z0-9_-]{8,64}$/;

const input = (overrides: Partial<OrderCreateInput> = {}): OrderCreateInput => ({
  lines: [
    { skuId: 7, quantity: 2 },
    { skuId: 3, quantity: 1 },
  ],
  addressId: 11,
  remark: '',
  expectedPayableFen: 6780,
  ...overrides,
});

describe('idempotency keys for POST /api/orders', () => {
  it('makes keys the server accepts, different every time', () => {
    const keys = Array.from({ length: 200 }, () => newIdempotencyKey());
    for (const key of keys) expect(key).toMatch(SERVER_KEY_PATTERN);
    expect(new Set(keys).size).toBe(keys.length);
    expect(newIdempotencyKey(0, (count) => Array.from({ length: count }, () => 61))).toBe(`ck_0${'Z'.repeat(16)}`);
  });

  it('reuses the key when the same submission is retried (timeout, lost answer, double tap)', () => {
    let made = 0;
    const makeKey = () => `key_${++made}_abcdefgh`;
    const first = keyForSubmission(null, input(), makeKey);
    const retry = keyForSubmission(first, input(), makeKey);
    const again = keyForSubmission(retry, input({ lines: [...input().lines].reverse(), remark: '  ' }), makeKey);
    expect(retry.key).toBe(first.key);
    expect(again.key).toBe(first.key);
    expect(made).toBe(1);
  });

  it('makes a new key when the submission changed (new total after PRICE_CHANGED, another address, remark, quantity)', () => {
    const makeKey = jest.fn(() => newIdempotencyKey());
    const first = keyForSubmission(null, input(), makeKey);
    const changes: Partial<OrderCreateInput>[] = [
      { expectedPayableFen: 6880 },
      { addressId: 12 },
      { remark: '请放门口' },
      {
        lines: [
          { skuId: 7, quantity: 3 },
          { skuId: 3, quantity: 1 },
        ],
      },
    ];
    for (const change of changes) expect(keyForSubmission(first, input(change), makeKey).key).not.toBe(first.key);
    expect(makeKey).toHaveBeenCalledTimes(1 + changes.length);
  });

  it('fingerprints the body the way the server compares it: lines by SKU, remark trimmed', () => {
    expect(submissionFingerprint(input({ remark: ' 放门口 ' }))).toBe(
      submissionFingerprint(
        input({
          lines: [
            { skuId: 3, quantity: 1 },
            { skuId: 7, quantity: 2 },
          ],
          remark: '放门口',
        }),
      ),
    );
  });
});
