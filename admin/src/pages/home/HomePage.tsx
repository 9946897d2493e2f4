import { AuditOutlined, CarOutlined, RollbackOutlined, WalletOutlined } from '@ant-design/icons';
import type { AdminHomeSummary } from '@siyu/shared';
import { Card, Col, Empty, Row, Skeleton, Statistic, Typography } from 'antd';
import type { ReactNode } from 'react';
import { Link } from 'react-router-dom';
import { homeApi } from '../../api/home';
import { useSession } from '../../auth/SessionProvider';
import { money } from '../../format';
import { useApiData } from '../../hooks/use-api-data';

interface HomeCard {
  key: string;
  title: string;
  icon: ReactNode;
  /** The figure as shown; null when the role may not see it (the card is left out). */
  value: ReactNode | null;
  hint: string;
  to: string;
}

/** The cards of the summary, in the order staff work through them; figures the role may not see are left out. */
export function homeCards(summary: AdminHomeSummary): HomeCard[] {
  const cards: HomeCard[] = [
    { key: 'ship', title: '待发货订单', icon: <CarOutlined />, value: summary.ordersToShip, hint: '已支付、等待发货', to: '/orders?status=paid' },
    { key: 'refunds', title: '待审核退款', icon: <RollbackOutlined />, value: summary.refundsToReview, hint: '买家申请，等待处理', to: '/refunds' },
    {
      key: 'approvals',
      title: '待审批活动',
      icon: <AuditOutlined />,
      value: summary.approvalsWaiting,
      hint: '优惠券、满减、直播码、秒杀',
      to: '/promotions/approvals',
    },
    {
      key: 'paid',
      title: '今日支付订单',
      icon: <WalletOutlined />,
      value: summary.paidToday ? summary.paidToday.orders : null,
      hint: summary.paidToday ? `成交额 ${money(summary.paidToday.gmvFen)}` : '',
      to: `/orders?from=${summary.date}&to=${summary.date}`,
    },
  ];
  return cards.filter((card) => card.value !== null);
}

/** 首页: a short 今日 summary of what is waiting, each card opening the filtered page (until the dashboard comes). */
export function HomePage() {
  const { staff } = useSession();
  const { data, isLoading } = useApiData((signal) => homeApi.summary(signal), []);
  const cards = data ? homeCards(data) : [];

  return (
    <div>
      <Typography.Title level={4} style={{ marginTop: 0 }}>
        {staff ? `${staff.displayName}，你好` : '你好'}
      </Typography.Title>
      <Typography.Paragraph type="secondary">今日概况{data ? ` · ${data.date}（北京时间）` : ''}</Typography.Paragraph>
      {isLoading && !data ? (
        <Card>
          <Skeleton active paragraph={{ rows: 2 }} />
        </Card>
      ) : cards.length === 0 ? (
        <Card>
          <Empty description="暂无可查看的概况，请从左侧菜单进入工作页面" />
        </Card>
      ) : (
        <Row gutter={[16, 16]}>
          {cards.map((card) => (
            <Col key={card.key} xs={24} sm={12} xl={6}>
              <Link to={card.to} aria-label={`${card.title}：${String(card.value)}，查看`} data-testid={`home-card-${card.key}`}>
                <Card hoverable>
                  <Statistic title={card.title} value={card.value as number} prefix={card.icon} />
                  <Typography.Text type="secondary">{card.hint}</Typography.Text>
                </Card>
              </Link>
            </Col>
          ))}
        </Row>
      )}
    </div>
  );
}
