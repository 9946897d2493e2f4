import { PlusOutlined } from '@ant-design/icons';
import { MESSAGE_CHANNEL_NAMES } from '@siyu/shared';
import { App, Button, Card, Col, Row, Space, Table, Tabs, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { useSession } from '../../auth/SessionProvider';
import { reportError } from '../../errors/report-error';
import { useApiData } from '../../hooks/use-api-data';
import { JOURNEY_STATUS_COLORS, JOURNEY_STATUS_NAMES, PURPOSE_NAMES, triggerSummary } from './journey-labels';
import { journeysApi, type JourneyListItem, type JourneyTemplateView } from './journeys-api';

const count = (value: number | null | undefined) => (value ?? 0).toLocaleString('zh-CN');

/** 旅程: the journeys with their counts, and the built-in templates (启用 in one click). */
export function JourneyListPage() {
  const { can } = useSession();
  const canWrite = can('journeys:write');
  const navigate = useNavigate();
  const [search, setSearch] = useSearchParams();
  const tab = search.get('tab') === 'templates' ? 'templates' : 'journeys';
  const journeys = useApiData((signal) => journeysApi.list(signal), []);

  return (
    <Card
      title="旅程"
      extra={
        canWrite ? (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate('/journeys/new')} data-testid="journey-create">
            新建旅程
          </Button>
        ) : (
          <Tag>只读</Tag>
        )
      }
    >
      <Tabs
        activeKey={tab}
        onChange={(key) => setSearch(key === 'templates' ? { tab: 'templates' } : {}, { replace: true })}
        items={[
          { key: 'journeys', label: '我的旅程', children: <JourneyTable rows={journeys.data ?? []} isLoading={journeys.isLoading} /> },
          { key: 'templates', label: '模板', children: <TemplateGallery canWrite={canWrite} /> },
        ]}
      />
    </Card>
  );
}

function JourneyTable({ rows, isLoading }: { rows: JourneyListItem[]; isLoading: boolean }) {
  return (
    <Table<JourneyListItem>
      rowKey="id"
      loading={isLoading}
      dataSource={rows}
      pagination={{ pageSize: 20, hideOnSinglePage: true }}
      scroll={{ x: 'max-content' }}
      data-testid="journey-table"
      locale={{ emptyText: '还没有旅程：在「模板」里一键启用，或新建旅程' }}
      columns={[
        { title: '名称', dataIndex: 'name', render: (name: string, row) => <Link to={`/journeys/${row.id}`}>{name}</Link> },
        {
          className: 'nowrap',
          title: '状态',
          dataIndex: 'status',
          render: (status: JourneyListItem['status']) => <Tag color={JOURNEY_STATUS_COLORS[status]}>{JOURNEY_STATUS_NAMES[status] ?? status}</Tag>,
        },
        { className: 'nowrap', title: '用途', dataIndex: 'purpose', render: (purpose: string) => PURPOSE_NAMES[purpose] ?? purpose },
        { className: 'nowrap', title: '版本', dataIndex: 'version', render: (version: number | null) => (version ? `v${version}` : '未发布') },
        { className: 'nowrap', title: '累计进入', dataIndex: 'entered', align: 'right', render: count },
        { className: 'nowrap', title: '进行中', dataIndex: 'active', align: 'right', render: count },
        { className: 'nowrap', title: '达成目标', dataIndex: 'goal', align: 'right', render: count },
        {
          className: 'nowrap',
          title: '操作',
          key: 'actions',
          render: (_, row) => <Link to={`/journeys/${row.id}`}>查看</Link>,
        },
      ]}
    />
  );
}

function TemplateGallery({ canWrite }: { canWrite: boolean }) {
  const { message } = App.useApp();
  const navigate = useNavigate();
  const templates = useApiData((signal) => journeysApi.templates(signal), []);
  const [enabling, setEnabling] = useState<string | null>(null);

  const enable = async (template: JourneyTemplateView) => {
    setEnabling(template.key);
    try {
      const journey = await journeysApi.enableTemplate(template.key, (template.enabled ?? 0) > 0);
      message.success(`已启用「${template.name}」`);
      navigate(`/journeys/${journey.id}`);
    } catch (error) {
      reportError(error);
    } finally {
      setEnabling(null);
    }
  };

  return (
    <Row gutter={[16, 16]} data-testid="journey-templates">
      {(templates.data ?? []).map((template) => (
        <Col key={template.key} xs={24} md={12} xl={8}>
          <Card
            size="small"
            title={template.name}
            data-testid={`journey-template-${template.key}`}
            extra={
              canWrite ? (
                <Button
                  type={(template.enabled ?? 0) > 0 ? 'default' : 'primary'}
                  size="small"
                  loading={enabling === template.key}
                  onClick={() => enable(template)}
                >
                  {(template.enabled ?? 0) > 0 ? '再启用一个' : '启用'}
                </Button>
              ) : null
            }
            style={{ height: '100%' }}
          >
            <Typography.Paragraph type="secondary" style={{ minHeight: 44 }} ellipsis={{ rows: 3, tooltip: template.description }}>
              {template.description}
            </Typography.Paragraph>
            <Space size={[4, 4]} wrap>
              {(template.enabled ?? 0) > 0 && <Tag color="green">已启用 {template.enabled}</Tag>}
              <Tag color={template.purpose === 'service' ? 'blue' : 'purple'}>{PURPOSE_NAMES[template.purpose] ?? template.purpose}</Tag>
              {template.channels.map((channel) => (
                <Tag key={channel}>{MESSAGE_CHANNEL_NAMES[channel] ?? channel}</Tag>
              ))}
            </Space>
            <div style={{ marginTop: 8, color: '#8c8c8c' }}>
              触发：{triggerSummary(template.definition.trigger)} · {template.definition.steps.length} 个步骤
            </div>
            {template.goal && <div style={{ color: '#8c8c8c' }}>目标：{template.goal}</div>}
          </Card>
        </Col>
      ))}
    </Row>
  );
}
