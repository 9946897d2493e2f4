import { ratingWord, reviewFormProblem } from './review-form';

describe('reviewFormProblem', () => {
  it.each<[string, { rating: number; content: string; images: string[] }, string | null]>([
    ['a good review', { rating: 5, content: '很好喝，会回购', images: [] }, null],
    ['no stars', { rating: 0, content: '很好喝，会回购', images: [] }, '请先打分'],
    ['too short (spaces do not count)', { rating: 4, content: '  好喝  ', images: [] }, '再多写几个字吧（至少 5 个字）'],
    ['too long', { rating: 4, content: '好'.repeat(501), images: [] }, '评价最多 500 个字'],
    ['ten photos', { rating: 4, content: '很好喝，会回购', images: Array.from({ length: 10 }, (_, i) => `/media/${i}.jpg`) }, '最多上传 9 张图片'],
  ])('%s', (_name, form, problem) => {
    expect(reviewFormProblem(form)).toBe(problem);
  });
  it('words the rating', () => {
    expect([1, 2, 3, 4, 5].map(ratingWord)).toEqual(['很差', '较差', '一般', '满意', '非常满意']);
  });
});
