import { TIER_NAMES } from '@siyu/shared';
import { Card, Col, Descriptions, Row, Statistic, Tag, Tooltip, Typography } from 'antd';
import { money } from '../../format';
import { TIER_COLORS } from '../membership/tiers/TierEditor';
import type { Member360 } from './member-api';
import { chinaDate, LIFECYCLE_COLORS, lifecycleText, percentOfBp, RFM_COLORS, rfmText } from './member-labels';

const score = (value: number | null | undefined) => (value === null || value === undefined ? '—' : `${value} 分`);

/** RFM cell with its R/F/M quintile scores, lifecycle with since when, tier and growth, points. */
export function MemberInsightCards({ member }: { member: Member360 }) {
  const { rfm, lifecycle } = member;
  return (
    <Row gutter={16}>
      <Col xs={24} lg={8}>
        <Card title="RFM 分层" size="small" style={{ height: '100%' }} data-testid="member-rfm">
          {rfm ? (
            <>
              <Tag color={RFM_COLORS[rfm.cell]} style={{ fontSize: 16, padding: '4px 10px' }}>
                {rfm.name || rfmText(rfm.cell)}
              </Tag>
              <Row gutter={8} style={{ marginTop: 12 }}>
                <Col span={8}>
                  <Statistic title="R 最近一次" value={score(rfm.rScore)} />
                </Col>
                <Col span={8}>
                  <Statistic title="F 频次" value={score(rfm.fScore)} />
                </Col>
                <Col span={8}>
                  <Statistic title="M 金额" value={score(rfm.mScore)} />
                </Col>
              </Row>
              <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
                距上次消费 {rfm.recencyDays ?? '—'} 天，统计期内 {rfm.windowOrders} 单、{money(rfm.windowNetFen)}
              </Typography.Paragraph>
            </>
          ) : (
            <Typography.Text type="secondary">潜客：还没有付款订单，不在 RFM 分层中</Typography.Text>
          )}
        </Card>
      </Col>
      <Col xs={24} lg={8}>
        <Card title="生命周期" size="small" style={{ height: '100%' }} data-testid="member-lifecycle">
          <Tag color={LIFECYCLE_COLORS[lifecycle?.stage ?? 'prospect']} style={{ fontSize: 16, padding: '4px 10px' }}>
            {lifecycle?.name || lifecycleText(lifecycle?.stage)}
          </Tag>
          <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0 }}>
            {lifecycle?.since ? `自 ${chinaDate(lifecycle.since)} 起处于此阶段` : '尚未记录进入此阶段的时间'}
          </Typography.Paragraph>
        </Card>
      </Col>
      <Col xs={24} lg={8}>
        <Card title="等级与积分" size="small" style={{ height: '100%' }}>
          <Descriptions
            size="small"
            column={1}
            items={[
              { label: '会员等级', children: <Tag color={TIER_COLORS[member.tierCode]}>{TIER_NAMES[member.tierCode] ?? '—'}</Tag> },
              { label: '成长值', children: member.growthValue?.toLocaleString('zh-CN') ?? '—' },
              { label: '积分余额', children: <span data-testid="member-points-balance">{member.pointsBalance?.toLocaleString('zh-CN') ?? '—'}</span> },
            ]}
          />
        </Card>
      </Col>
    </Row>
  );
}

/** 累计消费, 订单数, 客单价, 最近消费, 首单, 退款 (and how often a coupon was used). */
export function MemberSpendCard({ member }: { member: Member360 }) {
  const spend = member.spend;
  const items: { title: string; value: string; testId: string; hint?: string }[] = [
    { title: '累计消费', value: money(spend?.netPaidFen ?? 0), testId: 'spend-net', hint: '已付款订单金额，扣除退款' },
    { title: '订单数', value: `${(spend?.paidOrders ?? 0).toLocaleString('zh-CN')} 单`, testId: 'spend-orders' },
    { title: '客单价', value: spend && spend.paidOrders > 0 ? money(spend.aovFen) : '—', testId: 'spend-aov' },
    { title: '最近消费', value: chinaDate(spend?.lastPaidAt), testId: 'spend-last' },
    { title: '首单', value: chinaDate(spend?.firstPaidAt), testId: 'spend-first' },
    {
      title: '退款',
      value: spend && spend.refundCount > 0 ? `${spend.refundCount} 笔 · ${money(spend.refundedFen)}` : '无',
      testId: 'spend-refunds',
    },
  ];
  return (
    <Card
      title="消费概况"
      size="small"
      data-testid="member-spend"
      extra={
        spend &&
        spend.paidOrders > 0 &&
        spend.couponShareBp !== null && <Typography.Text type="secondary">用券订单占比 {percentOfBp(spend.couponShareBp)}</Typography.Text>
      }
    >
      <Row gutter={16}>
        {items.map((item) => (
          <Col xs={12} md={8} xl={4} key={item.title}>
            <Statistic
              title={item.hint ? <Tooltip title={item.hint}>{item.title}</Tooltip> : item.title}
              value={item.value}
              styles={{ content: { fontSize: 20 } }}
              valueRender={() => <span data-testid={item.testId}>{item.value}</span>}
            />
          </Col>
        ))}
      </Row>
    </Card>
  );
}
