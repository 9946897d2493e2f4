import { PlusOutlined } from '@ant-design/icons';
import type { CouponTemplateView } from '@siyu/shared';
import { App, Button, Card, Popconfirm, Progress, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { couponsApi } from '../../../api/promotions';
import { useSession } from '../../../auth/SessionProvider';
import { reportError } from '../../../errors/report-error';
import { money } from '../../../format';
import { useApiData } from '../../../hooks/use-api-data';
import { ApprovalTag } from '../common/ApprovalTag';
import { scopeText } from '../common/scope-text';
import { CouponCodesModal } from './CouponCodesModal';
import { CouponReportDrawer, percentOf } from './CouponReportDrawer';
import { IssueCouponModal } from './IssueCouponModal';

type Dialog = { kind: 'issue' | 'codes' | 'report'; template: CouponTemplateView } | null;

/** A coupon may be handed out while it runs and approval is not pending or refused. */
export const canHandOut = (template: CouponTemplateView) =>
  template.status === 'active' && (template.approval.status === 'not_required' || template.approval.status === 'approved');

function IssuedCell({ template }: { template: CouponTemplateView }) {
  return (
    <div style={{ minWidth: 140 }}>
      <Typography.Text>
        已发 {template.issuedCount}
        {template.totalCount !== null ? ` / ${template.totalCount}` : ''} · 已用 {template.usedCount}
      </Typography.Text>
      {template.totalCount !== null && <Progress percent={percentOf(template.issuedCount, template.totalCount)} size="small" showInfo={false} />}
    </div>
  );
}

function BudgetCell({ template }: { template: CouponTemplateView }) {
  if (template.budgetFen === null) return <Typography.Text type="secondary">不限</Typography.Text>;
  const percent = percentOf(template.committedFen, template.budgetFen);
  return (
    <div style={{ minWidth: 140 }}>
      <Typography.Text>
        {money(template.committedFen)} / {money(template.budgetFen)}
      </Typography.Text>
      <Progress percent={percent} size="small" showInfo={false} status={percent >= 90 ? 'exception' : 'normal'} />
    </div>
  );
}

/** 优惠券: templates with their rule, validity, issue and budget progress, approval; issue, codes, report, stop. */
export function CouponListPage() {
  const { can } = useSession();
  const canWrite = can('promotions:write');
  const canIssue = can('coupons:issue');
  const navigate = useNavigate();
  const { message } = App.useApp();
  const { data, isLoading, reload } = useApiData((signal) => couponsApi.list(signal), []);
  const [dialog, setDialog] = useState<Dialog>(null);

  const stop = async (template: CouponTemplateView) => {
    try {
      await couponsApi.stop(template.id);
      message.success(`「${template.name}」已停止发放`);
      reload();
    } catch (error) {
      reportError(error);
    }
  };

  return (
    <Card
      title="优惠券"
      extra={
        canWrite ? (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate('/promotions/coupons/new')}>
            新建优惠券
          </Button>
        ) : (
          <Tag>只读</Tag>
        )
      }
    >
      <Table<CouponTemplateView>
        rowKey="id"
        loading={isLoading}
        dataSource={data ?? []}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        data-testid="coupon-table"
        locale={{ emptyText: '还没有优惠券' }}
        columns={[
          {
            title: '名称',
            dataIndex: 'name',
            render: (name: string, template) => (
              <Space orientation="vertical" size={0}>
                <Typography.Text strong>{name}</Typography.Text>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {template.visibility === 'hidden' ? '隐藏券' : '领券中心'} · 每人限 {template.perMemberCap} 张
                </Typography.Text>
              </Space>
            ),
          },
          {
            title: '规则',
            dataIndex: 'ruleText',
            render: (ruleText: string, template) => (
              <Space orientation="vertical" size={0}>
                <Typography.Text>{ruleText}</Typography.Text>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {scopeText(template.scope)}
                </Typography.Text>
              </Space>
            ),
          },
          { title: '有效期', dataIndex: 'validityText' },
          { title: '发放 / 使用', key: 'issued', render: (_, template) => <IssuedCell template={template} /> },
          { title: '预算（已预占）', key: 'budget', render: (_, template) => <BudgetCell template={template} /> },
          {
            className: 'nowrap',
            title: '状态',
            key: 'status',
            render: (_, template) => (
              <Space size={4}>
                {template.status === 'active' ? <Tag color="green">发放中</Tag> : <Tag>已停止</Tag>}
                <ApprovalTag approval={template.approval} />
              </Space>
            ),
          },
          {
            className: 'nowrap',
            title: '操作',
            key: 'actions',
            render: (_, template) => (
              <Space size={0}>
                <Button type="link" size="small" onClick={() => setDialog({ kind: 'report', template })}>
                  数据
                </Button>
                {canIssue && canHandOut(template) && (
                  <Button type="link" size="small" onClick={() => setDialog({ kind: 'issue', template })}>
                    发放
                  </Button>
                )}
                {canWrite && canHandOut(template) && (
                  <Button type="link" size="small" onClick={() => setDialog({ kind: 'codes', template })}>
                    兑换码
                  </Button>
                )}
                {canWrite && template.status === 'active' && (
                  <Popconfirm title="停止发放？" description="已领取的券仍可使用到期。" okText="停止" cancelText="取消" onConfirm={() => stop(template)}>
                    <Button type="link" size="small" danger>
                      停止
                    </Button>
                  </Popconfirm>
                )}
              </Space>
            ),
          },
        ]}
      />
      {dialog?.kind === 'issue' && <IssueCouponModal template={dialog.template} onClose={() => setDialog(null)} onIssued={reload} />}
      {dialog?.kind === 'codes' && <CouponCodesModal template={dialog.template} onClose={() => setDialog(null)} />}
      {dialog?.kind === 'report' && <CouponReportDrawer template={dialog.template} onClose={() => setDialog(null)} />}
    </Card>
  );
}
