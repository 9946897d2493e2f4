import { UploadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Drawer, Input, Popconfirm, Radio, Space, Table, Tabs, Tag, Typography, Upload } from 'antd';
import { useState } from 'react';
import { isApiError } from '../../api/client';
import { useSession } from '../../auth/SessionProvider';
import { reportError } from '../../errors/report-error';
import { useCursorPages } from '../../hooks/use-cursor-pages';
import { singleCondition } from '../crm/crm-api';
import { count } from '../crm/crm-labels';
import { MemberPagesTable } from '../crm/member-columns';
import { segmentsApi } from '../segments/segments-api';
import { importErrorsOf, parseMemberIds, tagsApi, type TagImportResult, type TagImportRowError, type TagView } from './tags-api';
import { TAG_KIND_NAMES } from './tag-labels';

type ImportBy = 'phone' | 'memberId';
type ImportMode = 'all_or_nothing' | 'skip_bad';

/** A tag's members page by page; for a manual tag (members:tag) add by id, remove the selected, CSV import with the per-row report. */
export function TagMembersDrawer({ tag, onClose, onChanged }: { tag: TagView; onClose: () => void; onChanged: () => void }) {
  const { can } = useSession();
  const canTag = can('members:tag') && tag.kind === 'manual' && tag.status === 'active';
  return (
    <Drawer open onClose={onClose} title={`标签「${tag.name}」的会员`} size={960} destroyOnHidden data-testid="tag-members-drawer">
      <Space style={{ marginBottom: 12 }} wrap>
        <Tag>{TAG_KIND_NAMES[tag.kind]}</Tag>
        {tag.kind === 'rule' && <Typography.Text type="secondary">规则标签按条件自动计算，不能手动添加或移除。</Typography.Text>}
        {tag.kind === 'channel' && <Typography.Text type="secondary">渠道标签按会员的来源渠道自动添加。</Typography.Text>}
        {tag.status === 'archived' && <Typography.Text type="secondary">标签已归档，只能查看。</Typography.Text>}
      </Space>
      {canTag ? (
        <Tabs
          items={[
            { key: 'members', label: '会员', children: <MemberList tag={tag} canTag onChanged={onChanged} /> },
            { key: 'import', label: '批量导入', children: <ImportPane tag={tag} onChanged={onChanged} /> },
          ]}
        />
      ) : (
        <MemberList tag={tag} canTag={false} onChanged={onChanged} />
      )}
    </Drawer>
  );
}

function MemberList({ tag, canTag, onChanged }: { tag: TagView; canTag: boolean; onChanged: () => void }) {
  const { message } = App.useApp();
  const [idsText, setIdsText] = useState('');
  const [selected, setSelected] = useState<number[]>([]);
  const [busy, setBusy] = useState(false);
  const pages = useCursorPages((cursor, limit) => segmentsApi.members(singleCondition({ type: 'tag', op: 'any', tagIds: [tag.id] }), cursor, limit), [tag.id]);
  const ids = parseMemberIds(idsText);

  const add = async () => {
    if (!ids) return;
    setBusy(true);
    try {
      const result = await tagsApi.addMembers(tag.id, ids);
      message.success(`已添加 ${count(result.added)} 人${result.already > 0 ? `，${count(result.already)} 人已有此标签` : ''}`);
      setIdsText('');
      pages.reload();
      onChanged();
    } catch (error) {
      if (isApiError(error, 'TAG_MEMBERS_UNKNOWN')) message.error('有会员 ID 不存在，请检查后重试');
      else reportError(error);
    } finally {
      setBusy(false);
    }
  };

  const remove = async () => {
    setBusy(true);
    try {
      const result = await tagsApi.removeMembers(tag.id, selected);
      message.success(`已移除 ${count(result.removed)} 人`);
      setSelected([]);
      pages.reload();
      onChanged();
    } catch (error) {
      reportError(error);
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      {canTag && (
        <Space style={{ display: 'flex', justifyContent: 'space-between', marginBottom: 12 }} wrap>
          <Space.Compact style={{ width: 420 }}>
            <Input
              placeholder="会员 ID，多个用逗号或空格分隔"
              value={idsText}
              onChange={(event) => setIdsText(event.target.value)}
              status={idsText.trim() !== '' && !ids ? 'error' : undefined}
              aria-label="添加会员 ID"
              onPressEnter={add}
            />
            <Button type="primary" onClick={add} disabled={!ids} loading={busy} data-testid="tag-add-members">
              添加
            </Button>
          </Space.Compact>
          <Popconfirm
            title={`移除选中的 ${selected.length} 位会员的此标签？`}
            okText="确定"
            cancelText="取消"
            onConfirm={remove}
            disabled={selected.length === 0}
          >
            <Button danger disabled={selected.length === 0} loading={busy} data-testid="tag-remove-members">
              移除选中（{selected.length}）
            </Button>
          </Popconfirm>
        </Space>
      )}
      <MemberPagesTable
        pages={pages}
        testId="tag-members-table"
        emptyText="还没有会员带此标签"
        columns={{ id: true, orders: false }}
        rowSelection={canTag ? { selectedRowKeys: selected, onChange: (keys) => setSelected(keys.map(Number)) } : undefined}
      />
    </>
  );
}

function ImportPane({ tag, onChanged }: { tag: TagView; onChanged: () => void }) {
  const { message } = App.useApp();
  const [by, setBy] = useState<ImportBy>('phone');
  const [mode, setMode] = useState<ImportMode>('all_or_nothing');
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ refused: boolean; summary: TagImportResult | null; errors: TagImportRowError[] } | null>(null);

  const upload = async (file: File) => {
    setBusy(true);
    setResult(null);
    try {
      const summary = await tagsApi.import(tag.id, { by, mode }, await file.text());
      setResult({ refused: false, summary, errors: summary.errors });
      message.success(`已导入：新增 ${count(summary.added)} 人，已有 ${count(summary.already)} 人`);
      onChanged();
    } catch (error) {
      const errors = isApiError(error, 'TAG_IMPORT_INVALID') ? importErrorsOf(error.details) : null;
      if (errors) setResult({ refused: true, summary: null, errors });
      else reportError(error);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="middle" data-testid="tag-import">
      <Space wrap>
        <Typography.Text>按</Typography.Text>
        <Radio.Group
          optionType="button"
          value={by}
          onChange={(event) => setBy(event.target.value as ImportBy)}
          options={[
            { value: 'phone', label: '手机号' },
            { value: 'memberId', label: '会员 ID' },
          ]}
          aria-label="导入依据"
        />
        <Radio.Group
          optionType="button"
          value={mode}
          onChange={(event) => setMode(event.target.value as ImportMode)}
          options={[
            { value: 'all_or_nothing', label: '全部成功才导入' },
            { value: 'skip_bad', label: '跳过错误行' },
          ]}
          aria-label="导入方式"
        />
        <Upload
          accept=".csv,text/csv"
          showUploadList={false}
          beforeUpload={(file) => {
            void upload(file);
            return false;
          }}
        >
          <Button icon={<UploadOutlined />} loading={busy} data-testid="tag-import-upload">
            上传 CSV
          </Button>
        </Upload>
      </Space>
      <Typography.Text type="secondary">CSV 第一列为{by === 'phone' ? '11 位手机号' : '会员 ID'}，可带表头；每个文件最多 100,000 行。</Typography.Text>
      {result && (
        <>
          {result.refused ? (
            <Alert
              type="error"
              showIcon
              title={`有 ${count(result.errors.length)} 行有误，整个文件未导入`}
              description="请修正后重新上传，或选择「跳过错误行」。"
            />
          ) : (
            result.summary && (
              <Alert
                type={result.errors.length > 0 ? 'warning' : 'success'}
                showIcon
                title={`共 ${count(result.summary.rows)} 行：新增 ${count(result.summary.added)} 人，已有 ${count(result.summary.already)} 人${result.errors.length > 0 ? `，跳过 ${count(result.errors.length)} 行` : ''}`}
              />
            )
          )}
          {result.errors.length > 0 && (
            <Table<TagImportRowError>
              rowKey={(row) => `${row.line}-${row.code}`}
              size="small"
              dataSource={result.errors}
              pagination={{ pageSize: 10, hideOnSinglePage: true }}
              data-testid="tag-import-errors"
              columns={[
                { className: 'nowrap', title: '行号', dataIndex: 'line', render: (line: number) => `第 ${line} 行` },
                { className: 'nowrap', title: '内容', dataIndex: 'value', render: (value: string) => value || '（空）' },
                { title: '原因', dataIndex: 'message' },
              ]}
            />
          )}
        </>
      )}
    </Space>
  );
}
