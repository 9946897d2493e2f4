import { shareQuery } from './share-query';

describe('shareQuery', () => {
  it.each<[Record<string, string | number>, number | null, string]>([
    [{ id: 12 }, 7, 'id=12&from=7'],
    [{ id: 12 }, null, 'id=12'],
    [{}, 7, 'from=7'],
    [{ q: '燕麦 奶&' }, null, 'q=%E7%87%95%E9%BA%A6%20%E5%A5%B6%26'],
  ])('%j shared by %j → %s', (params, sharer, expected) => {
    expect(shareQuery(params, sharer)).toBe(expected);
  });
});
