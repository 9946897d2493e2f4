import { pointsMallItemBodySchema } from '@siyu/shared';
import { buildMallItem } from '../testing/builders';
import { mallFieldOf, mallItemBodyOfValues, mallItemPatchOfValues, NEW_MALL_ITEM, valuesOfMallItem } from './mall-item-form';

describe('points mall item form', () => {
  it('builds a points + cash goods item: yuan → fen without floats, no coupon template', () => {
    const built = mallItemBodyOfValues({
      ...NEW_MALL_ITEM,
      kind: 'goods',
      title: ' 尝鲜装 积分+1元购 ',
      couponTemplateId: 3,
      skuId: 7,
      pointsPrice: 300,
      cash: '0.10',
      stock: 30,
      minTier: 'silver',
    });
    expect(built).toEqual({
      ok: true,
      value: {
        title: '尝鲜装 积分+1元购',
        kind: 'goods',
        couponTemplateId: null,
        skuId: 7,
        pointsPrice: 300,
        cashFen: 10,
        stock: 30,
        perMemberLimit: 1,
        minTier: 'silver',
        image: null,
        sortOrder: 0,
      },
    });
    if (built.ok) expect(pointsMallItemBodySchema.parse(built.value)).toEqual(built.value);
  });

  it('asks for the coupon template of a coupon item, on the picker', () => {
    const built = mallItemBodyOfValues({ ...NEW_MALL_ITEM, title: '包邮券', pointsPrice: 200, stock: 100 });
    expect(built.ok).toBe(false);
    if (!built.ok) expect(built.errors.map((error) => error.name)).toEqual([['couponTemplateId']]);
    expect(mallFieldOf('goods')(['kind'])).toEqual(['skuId']);
    expect(mallFieldOf('coupon')(['cashFen'])).toEqual(['cash']);
  });

  it('never sends cash with a coupon (points only), whatever the hidden field holds', () => {
    const built = mallItemBodyOfValues({ ...NEW_MALL_ITEM, title: '包邮券', couponTemplateId: 3, skuId: 7, pointsPrice: 200, stock: 100, cash: '5' });
    expect(built.ok && [built.value.cashFen, built.value.skuId]).toEqual([0, null]);
  });

  it('refuses a cash amount with three decimals', () => {
    const built = mallItemBodyOfValues({ ...NEW_MALL_ITEM, kind: 'goods', title: '尝鲜装', skuId: 7, pointsPrice: 200, stock: 100, cash: '1.005' });
    expect(built.ok).toBe(false);
    if (!built.ok) expect(built.errors[0]?.name).toEqual(['cash']);
  });

  it('patches only what changed, never below what was redeemed', () => {
    const item = buildMallItem({ kind: 'goods', couponTemplateId: null, skuId: 7 });
    expect(mallItemPatchOfValues(item, valuesOfMallItem(item))).toEqual({ ok: true, value: {} });
    expect(mallItemPatchOfValues(item, { ...valuesOfMallItem(item), stock: 600, cash: '1', minTier: 'gold' })).toEqual({
      ok: true,
      value: { stock: 600, cashFen: 100, minTier: 'gold' },
    });
    const below = mallItemPatchOfValues(item, { ...valuesOfMallItem(item), stock: 5 });
    expect(below.ok).toBe(false);
    if (!below.ok) expect(below.errors).toEqual([{ name: ['stock'], errors: ['不能少于已兑换的 12 件'] }]);
  });
});
