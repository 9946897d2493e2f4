import type { CouponReportView, CouponTemplateView } from '@siyu/shared';
import { Card, Col, Descriptions, Drawer, Progress, Row, Skeleton, Statistic } from 'antd';
import { couponsApi } from '../../../api/promotions';
import { money } from '../../../format';
import { useApiData } from '../../../hooks/use-api-data';

/** Share of `part` in `whole` as a whole percentage for a progress bar (0 when there is no whole). */
export function percentOf(part: number, whole: number | null): number {
  if (!whole || whole <= 0) return 0;
  return Math.min(100, Math.floor((part * 100) / whole));
}

function ReportBody({ report }: { report: CouponReportView }) {
  const budgetPercent = percentOf(report.discountSpentFen, report.budgetFen);
  return (
    <>
      <Row gutter={[16, 16]} data-testid="coupon-report">
        <Col span={8}>
          <Card size="small">
            <Statistic title="已发放" value={report.issuedCount} suffix="张" />
          </Card>
        </Col>
        <Col span={8}>
          <Card size="small">
            <Statistic title="已领取" value={report.claimedCount} suffix="张" />
          </Card>
        </Col>
        <Col span={8}>
          <Card size="small">
            <Statistic title="已使用" value={report.usedCount} suffix="张" />
          </Card>
        </Col>
        <Col span={12}>
          <Card size="small">
            <Statistic title="用券订单 GMV" value={money(report.gmvFen)} />
          </Card>
        </Col>
        <Col span={12}>
          <Card size="small">
            <Statistic title="实际优惠" value={money(report.discountSpentFen)} />
          </Card>
        </Col>
      </Row>
      <Descriptions
        style={{ marginTop: 16 }}
        size="small"
        column={1}
        bordered
        items={[
          {
            label: '预算',
            children:
              report.budgetFen === null ? (
                '不限'
              ) : (
                <>
                  已用 {money(report.discountSpentFen)} / {money(report.budgetFen)}（已预占 {money(report.committedFen)}）
                  <Progress percent={budgetPercent} size="small" status={budgetPercent >= 90 ? 'exception' : 'normal'} />
                </>
              ),
          },
          { label: '使用率', children: report.issuedCount > 0 ? `${percentOf(report.usedCount, report.issuedCount)}%` : '—' },
          { label: '兑换码', children: report.codes.total > 0 ? `已兑换 ${report.codes.redeemed} / ${report.codes.total}` : '未生成' },
        ]}
      />
    </>
  );
}

/** 数据: claimed, used, the GMV of orders with the coupon, and the discount spent against the budget. */
export function CouponReportDrawer({ template, onClose }: { template: CouponTemplateView; onClose(): void }) {
  const { data } = useApiData((signal) => couponsApi.report(template.id, signal), [template.id]);
  return (
    <Drawer open size={560} title={`使用数据 · ${template.name}`} onClose={onClose}>
      {data ? <ReportBody report={data} /> : <Skeleton active />}
    </Drawer>
  );
}
