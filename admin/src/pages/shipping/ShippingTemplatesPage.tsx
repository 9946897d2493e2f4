import { PlusOutlined } from '@ant-design/icons';
import { describeFeeRule, describeFreeCondition, provinceName, type ShippingTemplate } from '@siyu/shared';
import { App, Button, Card, Popconfirm, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { shippingApi } from '../../api/shipping';
import { useSession } from '../../auth/SessionProvider';
import { reportError } from '../../errors/report-error';
import { useApiData } from '../../hooks/use-api-data';
import { ShippingTemplateModal } from './ShippingTemplateModal';

const names = (codes: readonly string[]) => codes.map(provinceName).join('、');

/** A rule in one line: "首件¥8.00，续1件¥2.00 · 满¥99.00包邮". */
function ruleText(template: ShippingTemplate, rule: ShippingTemplate['defaultRule']): string {
  const free = describeFreeCondition(rule);
  return free ? `${describeFeeRule(template.basis, rule)} · ${free}` : describeFeeRule(template.basis, rule);
}

/** 运费模板: the store's templates, the default first; products without their own template use the default. */
export function ShippingTemplatesPage() {
  const { can } = useSession();
  const { message } = App.useApp();
  const isReadOnly = !can('catalog:write');
  const templates = useApiData((signal) => shippingApi.templates(signal), []);
  const [editing, setEditing] = useState<ShippingTemplate | 'new' | null>(null);

  const remove = async (template: ShippingTemplate) => {
    try {
      await shippingApi.remove(template.id);
      message.success(`已删除运费模板：${template.name}`);
      templates.reload();
    } catch (error) {
      reportError(error);
    }
  };

  return (
    <Card
      title="运费模板"
      extra={
        !isReadOnly && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')}>
            新建模板
          </Button>
        )
      }
    >
      <Typography.Paragraph type="secondary">
        按收货省份计算运费：首件（首重）+ 续件（续重），可设满额 /
        满件包邮和不配送地区。一笔订单里不同模板的商品各自计算后相加；会员等级的包邮权益和包邮券仍然生效。
      </Typography.Paragraph>
      <Table<ShippingTemplate>
        rowKey="id"
        loading={templates.isLoading}
        dataSource={templates.data ?? []}
        pagination={false}
        data-testid="shipping-template-table"
        columns={[
          {
            title: '名称',
            key: 'name',
            render: (_, row) => (
              <Space>
                {row.name}
                {row.isDefault && <Tag color="blue">默认</Tag>}
              </Space>
            ),
          },
          { title: '计费方式', key: 'basis', width: 90, render: (_, row) => (row.basis === 'piece' ? '按件数' : '按重量') },
          { title: '默认运费', key: 'defaultRule', render: (_, row) => ruleText(row, row.defaultRule) },
          {
            title: '指定地区',
            key: 'regionRules',
            render: (_, row) =>
              row.regionRules.length === 0 ? (
                '—'
              ) : (
                <Space direction="vertical" size={2}>
                  {row.regionRules.map((rule) => (
                    <Typography.Text key={rule.provinceCodes.join()}>
                      <Typography.Text strong>{names(rule.provinceCodes)}</Typography.Text>：{ruleText(row, rule)}
                    </Typography.Text>
                  ))}
                </Space>
              ),
          },
          {
            title: '不配送地区',
            key: 'undeliverable',
            render: (_, row) => (row.undeliverableProvinceCodes.length ? names(row.undeliverableProvinceCodes) : '—'),
          },
          { title: '使用商品', key: 'productCount', width: 90, render: (_, row) => `${row.productCount ?? 0} 个` },
          {
            title: '操作',
            key: 'actions',
            width: 120,
            hidden: isReadOnly,
            render: (_, row) => (
              <Space size={0}>
                <Button type="link" size="small" onClick={() => setEditing(row)}>
                  编辑
                </Button>
                <Popconfirm title={`删除运费模板“${row.name}”？`} onConfirm={() => remove(row)} disabled={row.isDefault}>
                  <Button type="link" size="small" danger disabled={row.isDefault} title={row.isDefault ? '默认模板不能删除' : undefined}>
                    删除
                  </Button>
                </Popconfirm>
              </Space>
            ),
          },
        ]}
      />
      {editing && (
        <ShippingTemplateModal
          template={editing === 'new' ? null : editing}
          onClose={() => setEditing(null)}
          onSaved={() => {
            setEditing(null);
            message.success('运费模板已保存');
            templates.reload();
          }}
        />
      )}
    </Card>
  );
}
