import { GiftOutlined, SaveOutlined } from '@ant-design/icons';
import type { SegmentDefinitionInput } from '@siyu/shared';
import { App, Button, Card, Col, Empty, Form, Input, Row, Space, Spin, Tabs, Tag } from 'antd';
import { lazy, Suspense, useEffect, useState } from 'react';
import { useNavigate, useParams, useSearchParams } from 'react-router-dom';
import { isApiError } from '../../api/client';
import { useSession } from '../../auth/SessionProvider';
import { CsvDownloadButton } from '../../components/CsvDownloadButton';
import { reportError } from '../../errors/report-error';
import { formatTime } from '../../format';
import { useApiData } from '../../hooks/use-api-data';
import { IssueCouponModal } from './IssueCouponModal';
import { SegmentBuilder } from './SegmentBuilder';
import { SegmentCount } from './SegmentCount';
import { EMPTY_DEFINITION, problemsFromDetails, type ConditionProblems } from './segment-fields';
import { SegmentMembersTable } from './SegmentMembersTable';
import { segmentsApi, type SegmentView } from './segments-api';
import { SegmentSnapshots } from './SegmentSnapshots';
import { useSegmentOptions } from './use-segment-options';
import { useSegmentPreview } from './use-segment-preview';

// The trend chart carries ECharts: its own chunk, loaded when a saved segment is opened.
const SegmentHistoryChart = lazy(() => import('./SegmentHistoryChart').then((module) => ({ default: module.SegmentHistoryChart })));

interface NameForm {
  name: string;
  description?: string;
}

/** A definition passed in the URL (`?definition=<json>`, e.g. from an RFM cell), else everyone. */
function initialDefinition(param: string | null): SegmentDefinitionInput {
  if (!param) return EMPTY_DEFINITION;
  try {
    const parsed = JSON.parse(param) as SegmentDefinitionInput;
    return Array.isArray(parsed.groups) ? parsed : EMPTY_DEFINITION;
  } catch {
    return EMPTY_DEFINITION;
  }
}

/** /segments/new and /segments/:segmentId — the builder with its live count, then members, trend, snapshots and actions. */
export function SegmentEditPage() {
  const { segmentId } = useParams();
  const id = segmentId ? Number(segmentId) : null;
  const [search] = useSearchParams();
  const { data: saved, isLoading } = useApiData((signal) => (id ? segmentsApi.get(id, signal) : Promise.resolve(null)), [id]);
  if (id && (isLoading || !saved)) return <Spin style={{ display: 'block', margin: '64px auto' }} />;
  return <SegmentEditor key={saved?.id ?? 'new'} saved={saved ?? null} initial={saved?.definition ?? initialDefinition(search.get('definition'))} />;
}

function SegmentEditor({ saved, initial }: { saved: SegmentView | null; initial: SegmentDefinitionInput }) {
  const { can } = useSession();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const canWrite = can('segments:write') && saved?.status !== 'archived';
  const [form] = Form.useForm<NameForm>();
  const [definition, setDefinition] = useState<SegmentDefinitionInput>(initial);
  const [current, setCurrent] = useState<SegmentView | null>(saved);
  const [saveProblems, setSaveProblems] = useState<{ key: string; problems: ConditionProblems } | null>(null);
  const [isSaving, setIsSaving] = useState(false);
  const [isIssuing, setIsIssuing] = useState(false);
  const options = useSegmentOptions();
  const preview = useSegmentPreview(definition);
  const key = JSON.stringify(definition);
  const isDirty = current !== null && JSON.stringify(current.definition) !== key;
  const problems = saveProblems?.key === key ? { ...preview.problems, ...saveProblems.problems } : preview.problems;
  const [listedKey, setListedKey] = useState<string | null>(null);
  useEffect(() => {
    if (preview.state.status === 'done') setListedKey(preview.state.key);
  }, [preview.state]);

  const save = async (values: NameForm) => {
    setIsSaving(true);
    const body = { name: values.name.trim(), description: values.description?.trim() ?? '', definition };
    try {
      const result = current ? await segmentsApi.update(current.id, body) : await segmentsApi.create(body);
      setCurrent(result);
      message.success(current ? '分群已保存' : `已创建分群「${result.name}」`);
      if (!current) navigate(`/segments/${result.id}`, { replace: true });
    } catch (error) {
      if (isApiError(error, 'SEGMENT_DEFINITION_INVALID', 'VALIDATION_FAILED')) setSaveProblems({ key, problems: problemsFromDetails(error.details) });
      reportError(error);
    } finally {
      setIsSaving(false);
    }
  };

  const title = current ? (
    <Space>
      <span>{current.name}</span>
      {current.status === 'archived' && <Tag>已归档</Tag>}
      {isDirty && <Tag color="orange">有未保存的修改</Tag>}
    </Space>
  ) : (
    '新建分群'
  );

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Card
        title={title}
        extra={
          <Space wrap>
            {current && <CsvDownloadButton download={(onProgress) => segmentsApi.exportCsv(current.id, onProgress)} testId="segment-export" />}
            {current && can('coupons:issue') && current.status === 'active' && (
              <Button icon={<GiftOutlined />} onClick={() => setIsIssuing(true)} data-testid="segment-issue">
                发券给该分群
              </Button>
            )}
            {canWrite && (
              <Button type="primary" icon={<SaveOutlined />} loading={isSaving} onClick={() => form.submit()} data-testid="segment-save">
                {current ? '保存' : '创建分群'}
              </Button>
            )}
          </Space>
        }
      >
        <Form<NameForm>
          form={form}
          layout="vertical"
          onFinish={save}
          disabled={!canWrite}
          initialValues={{ name: saved?.name ?? '', description: saved?.description ?? '' }}
        >
          <Row gutter={16}>
            <Col xs={24} md={10}>
              <Form.Item
                name="name"
                label="分群名称"
                rules={[
                  { required: true, whitespace: true, message: '请填写分群名称' },
                  { max: 40, message: '最多 40 个字' },
                ]}
              >
                <Input placeholder="如：90 天内复购的黄金会员" />
              </Form.Item>
            </Col>
            <Col xs={24} md={14}>
              <Form.Item name="description" label="说明" rules={[{ max: 200, message: '最多 200 个字' }]}>
                <Input placeholder="用途、负责人（可不填）" />
              </Form.Item>
            </Col>
          </Row>
        </Form>
        {current && (
          <div style={{ color: '#8c8c8c', marginTop: -8 }}>
            最近统计 {formatTime(current.lastCountedAt)} · 更新于 {formatTime(current.updatedAt)}
          </div>
        )}
      </Card>
      <Card title="分群条件" extra={<SegmentCount state={preview.state} />} styles={{ header: { minHeight: 72 } }}>
        <SegmentBuilder value={definition} onChange={setDefinition} options={options} problems={problems} isReadOnly={!canWrite} />
      </Card>
      <Card>
        <Tabs
          items={[
            {
              key: 'members',
              label: '会员名单',
              children:
                preview.state.status === 'incomplete' ? (
                  <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="条件未填完整，填好后显示会员名单" />
                ) : listedKey ? (
                  <SegmentMembersTable definitionKey={listedKey} />
                ) : (
                  <Spin />
                ),
            },
            ...(current
              ? [
                  {
                    key: 'history',
                    label: '人数趋势',
                    children: (
                      <Suspense fallback={<Spin />}>
                        <SegmentHistoryChart segmentId={current.id} />
                      </Suspense>
                    ),
                  },
                  { key: 'snapshots', label: '快照', children: <SegmentSnapshots segmentId={current.id} canWrite={canWrite} /> },
                ]
              : []),
          ]}
        />
      </Card>
      {isIssuing && current && <IssueCouponModal segment={current} isDirty={isDirty} onClose={() => setIsIssuing(false)} />}
    </Space>
  );
}
