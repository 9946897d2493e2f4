import {
  fenToYuanString,
  PRODUCT_ROLE_NAMES,
  PROMOTION_KIND_LABELS,
  protectCell,
  serializeCsv,
  type Fen,
  type MembersReport,
  type ProductsReport,
  type PromotionsReport,
  type StaffReport,
} from '@siyu/shared';

/*
 * The reports as UTF-8 CSV with a byte order mark (Excel), Chinese headers, money in yuan, rates as percentages
 * with two decimals — like the other reports' CSVs. Each file is one table; a 类型 column tells its parts apart.
 */

const yuan = (fen: number) => fenToYuanString(fen as Fen);
const optionalYuan = (fen: number | null) => (fen === null ? '' : yuan(fen));
const percent = (value: number) => `${(value * 100).toFixed(2)}%`;
const csv = (records: string[][]) => serializeCsv(records, { bom: true });

export function promotionsCsv(report: PromotionsReport): string {
  return csv([
    ['类型', '名称', '领取数', '订单数', '下单会员', '带动GMV（元）', '优惠金额（元）', '预算（元）', '对照组增量GMV（元）', '核销次数'],
    ...report.rows.map((row) => [
      PROMOTION_KIND_LABELS[row.kind],
      protectCell(row.name),
      row.claimed === null ? '' : String(row.claimed),
      String(row.orders),
      String(row.buyers),
      yuan(row.gmvFen),
      yuan(row.discountFen),
      optionalYuan(row.budgetFen),
      optionalYuan(row.incrementalGmvFen),
      '',
    ]),
    ...report.liveSessions.map((session) => [
      '直播场次',
      protectCell(session.name),
      '',
      String(session.orders),
      String(session.buyers),
      yuan(session.gmvFen),
      '',
      '',
      '',
      String(session.codeUses),
    ]),
  ]);
}

export function membersCsv(report: MembersReport): string {
  return csv([
    ['类型', '名称', '会员数', 'GMV（元）', 'GMV占比', '月份', '从', '到', '积分', '积分价值（元）'],
    ...report.tiers.map((tier) => ['等级', protectCell(tier.tierName), String(tier.members), yuan(tier.gmvFen), percent(tier.gmvShare), '', '', '', '', '']),
    ...report.lifecycleFlows.map((flow) => [
      '生命周期流转',
      '',
      String(flow.members),
      '',
      '',
      flow.month.slice(0, 7),
      protectCell(flow.from),
      protectCell(flow.to),
      '',
      '',
    ]),
    ['积分负债', '未到期积分', '', '', '', '', '', '', String(report.pointsLiability.points), yuan(report.pointsLiability.valueFen)],
  ]);
}

export function productsCsv(report: ProductsReport): string {
  return csv([
    ['类型', '商品ID', '名称', '角色', '订单数', '件数', '销售额（元）', '退款（元）', '毛利（元）', '毛利率', '销售额占比'],
    ...report.products.map((product) => [
      '商品',
      String(product.productId),
      protectCell(product.title),
      PRODUCT_ROLE_NAMES[product.role],
      String(product.orders),
      String(product.quantity),
      yuan(product.salesFen),
      yuan(product.refundedFen),
      optionalYuan(product.marginFen),
      product.marginRate === null ? '' : percent(product.marginRate),
      '',
    ]),
    ...report.roles.map((role) => [
      '商品角色',
      '',
      PRODUCT_ROLE_NAMES[role.role],
      PRODUCT_ROLE_NAMES[role.role],
      '',
      '',
      yuan(role.salesFen),
      '',
      optionalYuan(role.marginFen),
      '',
      percent(role.salesShare),
    ]),
  ]);
}

export function staffCsv(report: StaffReport): string {
  return csv([
    ['员工ID', '员工', '名下会员', '支付会员', 'GMV（元）'],
    ...report.staff.map((row) => [String(row.staffId), protectCell(row.displayName), String(row.members), String(row.payingMembers), yuan(row.gmvFen)]),
  ]);
}
