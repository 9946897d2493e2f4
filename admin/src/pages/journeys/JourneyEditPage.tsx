import { PauseCircleOutlined, PlayCircleOutlined, SaveOutlined, SendOutlined } from '@ant-design/icons';
import type { JourneyDefinition, JourneyStep } from '@siyu/shared';
import { Alert, App, Button, Card, Col, Drawer, Form, Input, Popconfirm, Row, Space, Spin, Table, Tabs, Tag } from 'antd';
import { useState } from 'react';
import { useNavigate, useParams } from 'react-router-dom';
import { isApiError } from '../../api/client';
import { useSession } from '../../auth/SessionProvider';
import { reportError } from '../../errors/report-error';
import { formatTime } from '../../format';
import { useApiData } from '../../hooks/use-api-data';
import { JourneyFlow } from './JourneyFlow';
import { JourneyPreview } from './JourneyPreview';
import { JOURNEY_STATUS_COLORS, JOURNEY_STATUS_NAMES } from './journey-labels';
import { insertStep, problemsByStep, removeStep, replaceStep, stepById } from './journey-steps';
import { journeysApi, type JourneyDetail, type JourneyVersionView } from './journeys-api';
import { StepEditor } from './StepEditor';
import { TriggerEditor } from './TriggerEditor';
import { useJourneyOptions } from './use-journey-options';

/** A new journey: sent an in-app welcome when a member registers. */
export const NEW_DEFINITION: JourneyDefinition = {
  trigger: { type: 'event', event: 'member.registered' },
  purpose: 'marketing',
  entryStepId: 'send_1',
  steps: [
    {
      id: 'send_1',
      type: 'send',
      content: { channel: 'inapp', template: 'text', variables: { title: '欢迎', content: '欢迎加入 {{shop.name}}' } },
      next: null,
    },
  ],
  goal: null,
  reentry: { mode: 'once', cooldownDays: 0 },
  experiment: null,
};

/** /journeys/new and /journeys/:journeyId — the editor. */
export function JourneyEditPage() {
  const { journeyId } = useParams();
  const id = journeyId ? Number(journeyId) : null;
  const { data, isLoading, reload } = useApiData((signal) => (id ? journeysApi.get(id, signal) : Promise.resolve(null)), [id]);
  if (id && isLoading && !data) return <Spin style={{ display: 'block', margin: '64px auto' }} />;
  if (id && !data) return <Alert type="error" title="旅程不存在或无法加载" />;
  return <JourneyEditor key={data ? `${data.id}` : 'new'} saved={data ?? null} reload={reload} />;
}

function JourneyEditor({ saved, reload }: { saved: JourneyDetail | null; reload(): void }) {
  const { can } = useSession();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const canWrite = can('journeys:write') && saved?.status !== 'archived';
  const options = useJourneyOptions();
  const [form] = Form.useForm<{ name: string; description?: string }>();
  const [definition, setDefinition] = useState<JourneyDefinition>(saved?.draft ?? NEW_DEFINITION);
  const [savedKey, setSavedKey] = useState(JSON.stringify(saved?.draft ?? null));
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [problems, setProblems] = useState<{ key: string; byStep: Record<string, string[]> } | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const key = JSON.stringify(definition);
  const isDirty = saved !== null && key !== savedKey;
  const byStep = problems?.key === key ? problems.byStep : problems ? problems.byStep : {};
  const selected = selectedId ? stepById(definition, selectedId) : undefined;

  const change = (next: JourneyDefinition) => setDefinition(next);
  const nameOf = (kind: 'coupon' | 'tag' | 'segment', id: number) =>
    (kind === 'coupon' ? options.coupons : kind === 'segment' ? options.segments : options.tagGroups.flatMap((group) => group.options)).find(
      (option) => option.value === id,
    )?.label;

  const saveDraft = async (): Promise<boolean> => {
    const values = await form.validateFields().catch(() => null);
    if (!values) return false;
    const body = { name: values.name.trim(), description: values.description?.trim() ?? '', definition };
    try {
      if (saved) {
        await journeysApi.update(saved.id, body);
        setSavedKey(key);
        return true;
      }
      const created = await journeysApi.create(body);
      message.success(`已创建旅程「${body.name}」`);
      navigate(`/journeys/${created.id}`, { replace: true });
      return true;
    } catch (error) {
      if (isApiError(error, 'JOURNEY_INVALID', 'VALIDATION_FAILED')) setProblems({ key, byStep: problemsByStep(definition, error.details) });
      reportError(error);
      return false;
    }
  };

  const run = async (action: string, call: () => Promise<unknown>, done: string) => {
    setBusy(action);
    try {
      await call();
      message.success(done);
      reload();
    } catch (error) {
      reportError(error);
    } finally {
      setBusy(null);
    }
  };

  const publish = async () => {
    if (!saved) return;
    setBusy('publish');
    try {
      if (isDirty && !(await saveDraft())) return;
      await journeysApi.publish(saved.id);
      setProblems(null);
      message.success('已发布新版本');
      reload();
    } catch (error) {
      if (isApiError(error, 'JOURNEY_INVALID')) {
        setProblems({ key, byStep: problemsByStep(definition, error.details) });
        message.error('发布失败：请按标红的步骤修改');
      } else reportError(error);
    } finally {
      setBusy(null);
    }
  };

  const general = byStep[''] ?? [];
  const triggerProblems = general.filter((text) => text.startsWith('trigger'));
  const otherProblems = general.filter((text) => !text.startsWith('trigger'));
  const status = saved?.status ?? 'draft';
  const version = saved?.currentVersion?.version ?? null;

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Card
        title={
          <Space>
            <span>{saved ? saved.name : '新建旅程'}</span>
            {saved && (
              <Tag color={JOURNEY_STATUS_COLORS[status]} data-testid="journey-status">
                {JOURNEY_STATUS_NAMES[status]}
              </Tag>
            )}
            {version !== null && <Tag data-testid="journey-version">v{version}</Tag>}
            {isDirty && <Tag color="orange">有未保存的修改</Tag>}
          </Space>
        }
        extra={
          canWrite ? (
            <Space wrap>
              <Button
                icon={<SaveOutlined />}
                loading={busy === 'save'}
                onClick={() => void saveDraft().then((ok) => ok && saved && message.success('草稿已保存'))}
                data-testid="journey-save"
              >
                {saved ? '保存草稿' : '创建'}
              </Button>
              {saved && (
                <Button type="primary" icon={<SendOutlined />} loading={busy === 'publish'} onClick={publish} data-testid="journey-publish">
                  发布
                </Button>
              )}
              {saved && status === 'active' && (
                <Button
                  icon={<PauseCircleOutlined />}
                  loading={busy === 'pause'}
                  onClick={() => run('pause', () => journeysApi.pause(saved.id), '旅程已暂停')}
                  data-testid="journey-pause"
                >
                  暂停
                </Button>
              )}
              {saved && status === 'paused' && (
                <Button
                  icon={<PlayCircleOutlined />}
                  loading={busy === 'resume'}
                  onClick={() => run('resume', () => journeysApi.resume(saved.id), '旅程已恢复')}
                  data-testid="journey-resume"
                >
                  恢复
                </Button>
              )}
              {saved && status !== 'draft' && (
                <Popconfirm
                  title="归档旅程？"
                  description="归档后不再有会员进入，进行中的会员提前结束。"
                  okText="归档"
                  cancelText="取消"
                  onConfirm={() => run('archive', () => journeysApi.archive(saved.id), '旅程已归档')}
                >
                  <Button danger>归档</Button>
                </Popconfirm>
              )}
            </Space>
          ) : (
            <Tag>只读</Tag>
          )
        }
      >
        <Form form={form} layout="vertical" disabled={!canWrite} initialValues={{ name: saved?.name ?? '', description: saved?.description ?? '' }}>
          <Row gutter={16}>
            <Col xs={24} md={10}>
              <Form.Item
                name="name"
                label="旅程名称"
                rules={[
                  { required: true, whitespace: true, message: '请填写旅程名称' },
                  { max: 60, message: '最多 60 个字' },
                ]}
              >
                <Input placeholder="如：新会员欢迎" />
              </Form.Item>
            </Col>
            <Col xs={24} md={14}>
              <Form.Item name="description" label="说明" rules={[{ max: 200, message: '最多 200 个字' }]}>
                <Input placeholder="目的、负责人（可不填）" />
              </Form.Item>
            </Col>
          </Row>
        </Form>
        <TriggerEditor definition={definition} options={options} problems={triggerProblems} isReadOnly={!canWrite} onChange={change} />
        {otherProblems.length > 0 && (
          <Alert type="error" showIcon title="发布检查未通过" description={otherProblems.join('；')} data-testid="journey-problems" />
        )}
      </Card>
      <Card>
        <Tabs
          items={[
            {
              key: 'flow',
              label: '流程',
              children: (
                <JourneyFlow
                  definition={definition}
                  counts={saved?.stepCounts ?? {}}
                  problems={byStep}
                  selectedId={selectedId}
                  isReadOnly={!canWrite}
                  nameOf={nameOf}
                  onSelect={setSelectedId}
                  onInsert={(slot, type) => {
                    const result = insertStep(definition, slot, type);
                    change(result.definition);
                    setSelectedId(result.stepId);
                  }}
                  onRemove={(stepId) => {
                    change(removeStep(definition, stepId));
                    if (selectedId === stepId) setSelectedId(null);
                  }}
                />
              ),
            },
            ...(saved
              ? [
                  { key: 'versions', label: '版本', children: <VersionTable versions={saved.versions} currentId={saved.currentVersion?.id ?? null} /> },
                  { key: 'preview', label: '预览路径', children: <JourneyPreview journeyId={saved.id} definition={definition} /> },
                ]
              : []),
          ]}
        />
      </Card>
      <Drawer title={selected ? `编辑步骤「${selected.id}」` : ''} open={selected !== undefined} onClose={() => setSelectedId(null)} size={440} destroyOnHidden>
        {selected && (
          <StepEditor
            step={selected}
            definition={definition}
            options={options}
            problems={byStep[selected.id] ?? []}
            isReadOnly={!canWrite}
            onChange={(next: JourneyStep) => change(replaceStep(definition, selected.id, next))}
          />
        )}
      </Drawer>
    </Space>
  );
}

function VersionTable({ versions, currentId }: { versions: JourneyVersionView[]; currentId: number | null }) {
  return (
    <Table<JourneyVersionView>
      rowKey="id"
      size="small"
      dataSource={[...versions].sort((a, b) => b.version - a.version)}
      pagination={false}
      data-testid="journey-versions"
      locale={{ emptyText: '尚未发布' }}
      columns={[
        {
          title: '版本',
          dataIndex: 'version',
          render: (value: number, row) => (
            <Space>
              v{value}
              {row.id === currentId && <Tag color="green">当前</Tag>}
            </Space>
          ),
        },
        { title: '发布时间', key: 'at', render: (_, row) => formatTime(row.publishedAt ?? row.createdAt ?? null) },
      ]}
    />
  );
}
