import { PlusOutlined } from '@ant-design/icons';
import { LIVE_PLATFORM_NAMES, type LiveSessionReportView, type LiveSessionView, type PromoCodeView } from '@siyu/shared';
import { App, Button, Card, Col, Descriptions, Popconfirm, Result, Row, Skeleton, Space, Statistic, Table, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useParams } from 'react-router-dom';
import { isApiError } from '../../../api/client';
import { liveSessionsApi } from '../../../api/promotions';
import { useSession } from '../../../auth/SessionProvider';
import { reportError } from '../../../errors/report-error';
import { formatTime, money } from '../../../format';
import { useApiData } from '../../../hooks/use-api-data';
import { ApprovalTag } from '../common/ApprovalTag';
import { ProductSelect } from '../common/ProductSelect';
import { LIVE_STATUS_COLORS, LIVE_STATUS_NAMES } from '../common/promotion-labels';
import { LiveSessionFormModal } from './LiveSessionFormModal';
import { PromoCodeFormModal } from './PromoCodeFormModal';

/** 直播商品: the products shown on the session's page, saved together (PUT /products). */
function ProductsCard({ session, canEdit, onSaved }: { session: LiveSessionView; canEdit: boolean; onSaved(next: LiveSessionView): void }) {
  const { message } = App.useApp();
  const [productIds, setProductIds] = useState(session.productIds);
  const [isBusy, setIsBusy] = useState(false);
  useEffect(() => setProductIds(session.productIds), [session.productIds]);
  const isDirty = productIds.join(',') !== session.productIds.join(',');
  const save = async () => {
    setIsBusy(true);
    try {
      onSaved(await liveSessionsApi.setProducts(session.id, productIds));
      message.success('直播商品已保存');
    } catch (error) {
      reportError(error);
    } finally {
      setIsBusy(false);
    }
  };
  return (
    <Card
      title={`直播商品（${session.productIds.length}）`}
      size="small"
      extra={
        canEdit && (
          <Button type="primary" size="small" disabled={!isDirty} loading={isBusy} onClick={save}>
            保存商品
          </Button>
        )
      }
    >
      <ProductSelect
        aria-label="直播商品"
        value={productIds}
        onChange={setProductIds}
        disabled={!canEdit}
        style={{ width: '100%' }}
        placeholder="搜索并添加商品"
      />
    </Card>
  );
}

function PromoCodesCard({ session, canWrite }: { session: LiveSessionView; canWrite: boolean }) {
  const { message } = App.useApp();
  const { data, isLoading, reload } = useApiData((signal) => liveSessionsApi.promoCodes(session.id, signal), [session.id]);
  const [isCreating, setIsCreating] = useState(false);
  const stop = async (code: PromoCodeView) => {
    try {
      await liveSessionsApi.stopPromoCode(code.id);
      message.success(`优惠码 ${code.code} 已停用`);
      reload();
    } catch (error) {
      reportError(error);
    }
  };
  return (
    <Card
      title="优惠码"
      size="small"
      extra={
        canWrite &&
        session.status !== 'ended' && (
          <Button size="small" icon={<PlusOutlined />} onClick={() => setIsCreating(true)}>
            新建优惠码
          </Button>
        )
      }
    >
      <Table<PromoCodeView>
        size="small"
        rowKey="id"
        loading={isLoading}
        dataSource={data ?? []}
        pagination={false}
        data-testid="promo-code-table"
        locale={{ emptyText: '还没有优惠码' }}
        columns={[
          {
            className: 'nowrap',
            title: '优惠码',
            dataIndex: 'code',
            render: (code: string) => (
              <Typography.Text code copyable>
                {code}
              </Typography.Text>
            ),
          },
          { title: '规则', dataIndex: 'ruleText' },
          { className: 'nowrap', title: '已用 / 总次数', key: 'uses', render: (_, code) => `${code.usedCount} / ${code.totalCap ?? '不限'}` },
          { className: 'nowrap', title: '每人', dataIndex: 'perMemberCap', render: (cap: number) => `${cap} 次` },
          { className: 'nowrap', title: '下播后', dataIndex: 'graceMinutes', render: (minutes: number) => (minutes > 0 ? `${minutes} 分钟` : '即失效') },
          {
            className: 'nowrap',
            title: '状态',
            key: 'status',
            render: (_, code) => (
              <Space size={4}>
                {code.status === 'active' ? <Tag color="green">可用</Tag> : <Tag>已停用</Tag>}
                <ApprovalTag approval={code.approval} />
              </Space>
            ),
          },
          {
            className: 'nowrap',
            title: '操作',
            key: 'actions',
            render: (_, code) =>
              canWrite && code.status === 'active' ? (
                <Popconfirm title={`停用 ${code.code}？`} okText="停用" cancelText="取消" onConfirm={() => stop(code)}>
                  <Button type="link" size="small" danger>
                    停用
                  </Button>
                </Popconfirm>
              ) : null,
          },
        ]}
      />
      {isCreating && (
        <PromoCodeFormModal
          session={session}
          onClose={() => setIsCreating(false)}
          onSaved={(code) => {
            setIsCreating(false);
            if (code.approval.status === 'pending') message.warning(`优惠码 ${code.code} 已创建，需店主审批后可用`);
            else message.success(`优惠码 ${code.code} 已创建`);
            reload();
          }}
        />
      )}
    </Card>
  );
}

function ReportCard({ report }: { report: LiveSessionReportView | undefined }) {
  if (!report) return <Card title="直播数据" size="small" loading />;
  const codeUses = report.codeUses.reduce((sum, entry) => sum + entry.usedCount, 0);
  return (
    <Card title="直播数据" size="small" data-testid="live-report">
      <Row gutter={16}>
        <Col span={6}>
          <Statistic
            title="支付订单"
            value={report.paidOrders}
            suffix={
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                / 下单 {report.createdOrders}
              </Typography.Text>
            }
          />
        </Col>
        <Col span={6}>
          <Statistic title="GMV" value={money(report.gmvFen)} />
        </Col>
        <Col span={6}>
          <Statistic title="购买人数" value={report.buyers} />
        </Col>
        <Col span={6}>
          <Statistic title="优惠码使用" value={codeUses} suffix="次" />
        </Col>
      </Row>
      {report.codeUses.length > 0 && (
        <Table
          style={{ marginTop: 16 }}
          size="small"
          rowKey="codeId"
          pagination={false}
          dataSource={report.codeUses}
          columns={[
            { title: '优惠码', dataIndex: 'code' },
            { title: '使用', key: 'used', render: (_, entry) => `${entry.usedCount} / ${entry.totalCap ?? '不限'}` },
            { title: '优惠金额', dataIndex: 'discountFen', align: 'right', render: money },
          ]}
        />
      )}
    </Card>
  );
}

/** 直播详情: the session, its products, its promo codes, its numbers; edit and end early (promotions:write). */
export function LiveSessionDetailPage() {
  const sessionId = Number(useParams().sessionId);
  const { can } = useSession();
  const canWrite = can('promotions:write');
  const { message } = App.useApp();
  const loaded = useApiData((signal) => liveSessionsApi.get(sessionId, signal), [sessionId]);
  const report = useApiData((signal) => liveSessionsApi.report(sessionId, signal), [sessionId]);
  const [session, setSession] = useState<LiveSessionView | undefined>();
  const [isEditing, setIsEditing] = useState(false);
  useEffect(() => setSession(loaded.data), [loaded.data]);

  if (loaded.error && isApiError(loaded.error) && loaded.error.status === 404) return <Result status="404" title="直播不存在" />;
  if (!session) return <Skeleton active />;
  const isOpen = session.status !== 'ended';

  const end = async () => {
    try {
      setSession(await liveSessionsApi.end(session.id));
      message.success('直播已结束');
      report.reload();
    } catch (error) {
      reportError(error);
    }
  };

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Card
        title={
          <Space>
            {session.title}
            <Tag color={LIVE_STATUS_COLORS[session.status]} data-testid="live-status">
              {LIVE_STATUS_NAMES[session.status]}
            </Tag>
          </Space>
        }
        extra={
          canWrite &&
          isOpen && (
            <Space>
              <Button onClick={() => setIsEditing(true)}>编辑</Button>
              <Popconfirm title="提前结束直播？" description="结束后优惠码在宽限期后失效，不能重新开播。" okText="结束直播" cancelText="取消" onConfirm={end}>
                <Button danger>提前结束</Button>
              </Popconfirm>
            </Space>
          )
        }
      >
        <Descriptions
          size="small"
          column={{ xs: 1, md: 2, xl: 3 }}
          items={[
            { label: '平台', children: LIVE_PLATFORM_NAMES[session.platform] },
            { label: '直播间 ID', children: session.roomId },
            { label: '主播', children: session.hostName },
            { label: '开始', children: formatTime(session.startsAt) },
            { label: '结束', children: session.endedAt ? `${formatTime(session.endedAt)}（提前结束）` : formatTime(session.endsAt) },
            { label: '小程序码 scene', children: <Typography.Text copyable>{session.sceneCode}</Typography.Text> },
          ]}
        />
      </Card>
      <ReportCard report={report.data} />
      <ProductsCard session={session} canEdit={canWrite && isOpen} onSaved={setSession} />
      <PromoCodesCard session={session} canWrite={canWrite} />
      {isEditing && (
        <LiveSessionFormModal
          session={session}
          onClose={() => setIsEditing(false)}
          onSaved={(saved) => {
            setIsEditing(false);
            setSession(saved);
            message.success('已保存');
          }}
        />
      )}
    </Space>
  );
}
