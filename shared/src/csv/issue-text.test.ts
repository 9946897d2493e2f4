import { skuCreateBodySchema } from '../catalog/schemas';
import { describeIssue } from './issue-text';

const issuesOf = (value: unknown) => {
  const result = skuCreateBodySchema.safeParse(value);
  if (result.success) throw new Error('expected a failure');
  return Object.fromEntries(result.error.issues.map((issue) => [issue.path.join('.'), describeIssue(issue)]));
};

describe('describeIssue', () => {
  it('says in Chinese what is wrong with each field, money bounds in yuan', () => {
    expect(issuesOf({ specs: {}, publicPriceFen: -1, privatePriceFen: 1.5, barcode: 'x' })).toEqual({
      specs: '每个规格需要 1 到 5 个规格值',
      publicPriceFen: '不能小于 ¥0.00',
      privatePriceFen: '金额最多两位小数',
      costPriceFen: '必填',
      barcode: '条码须为 4–32 位字母、数字或 "-"',
    });
  });

  it('translates a refinement of the shared schema', () => {
    expect(issuesOf({ specs: { 规格: 'a' }, publicPriceFen: 100, privatePriceFen: 200, costPriceFen: 50 })).toEqual({
      privatePriceFen: '私域价不能高于划线价',
    });
  });
});
