/**
 * 价格说明: what each price on a product page means, in the wording Chinese marketplaces use (the
 * struck-through price is a reference, not an "original price"; the price paid is the checkout's).
 */
export const PRICE_NOTES: readonly { title: string; text: string }[] = [
  {
    title: '划线价格',
    text: '商品展示的划横线价格为参考价，并非原价。划线价格可能是商品的专柜价、吊牌价、正品零售价、厂商指导价或该商品曾经展示过的销售价等，仅供参考。由于地区、时间的差异和市场行情波动，专柜价、吊牌价等可能与您购物时展示的不一致。',
  },
  {
    title: '未划线价格',
    text: '未划线的价格是商品在本店的实时销售标价（专享价或会员价），不因表述的差异改变性质。具体成交价格会因商品参加的活动、会员等级，或使用优惠券、积分等而变化，最终以订单结算页的价格为准。',
  },
  {
    title: '会员价',
    text: '标注为“黄金会员价”“钻石价”等的价格，仅对达到相应会员等级的顾客有效；等级以下单时为准。',
  },
  {
    title: '活动价与优惠',
    text: '商品详情页（含主图）以图片或文字标注的促销价、优惠价等，可能是在使用优惠券、满减或特定活动时段等情形下的价格，具体请以结算页面的标价、优惠条件或活动规则为准。',
  },
  {
    title: '价格异常',
    text: '如发现商品价格明显异常，请联系客服核实；此说明仅在页面出现价格比较时适用。',
  },
];
