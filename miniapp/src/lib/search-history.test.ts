// Storage itself is covered by the browser test (test/e2e/shopper-space): Taro's H5 storage does not run under jsdom.
import { SEARCH_HISTORY_MAX, withSearchWord } from './search-history';

describe('withSearchWord', () => {
  it.each<[string[], string, string[]]>([
    [[], '燕麦奶', ['燕麦奶']],
    [['坚果', '燕麦奶'], '燕麦奶', ['燕麦奶', '坚果']],
    [['坚果'], '  蛋白粉 ', ['蛋白粉', '坚果']],
    [['坚果'], '   ', ['坚果']],
  ])('%j + %j → %j', (list, word, expected) => {
    expect(withSearchWord(list, word)).toEqual(expected);
  });

  it('keeps only the newest SEARCH_HISTORY_MAX words', () => {
    let list: string[] = [];
    for (let i = 0; i < SEARCH_HISTORY_MAX + 5; i += 1) list = withSearchWord(list, `词${i}`);
    expect(list).toHaveLength(SEARCH_HISTORY_MAX);
    expect(list[0]).toBe(`词${SEARCH_HISTORY_MAX + 4}`);
  });
});
