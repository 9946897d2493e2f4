import { Button, Card, Input, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { staffApi, type AuditFilter } from '../../api/staff';
import type { AuditEntry } from '../../api/types';
import { CursorPager } from '../../components/CursorPager';
import { formatTime } from '../../format';
import { useApiData } from '../../hooks/use-api-data';
import { useCursorPages } from '../../hooks/use-cursor-pages';
import { AUDIT_ACTION_NAMES, AUDIT_TARGET_NAMES, STAFF_ROLE_NAMES } from '../../labels';
import { AuditDiff } from './AuditDiff';

/** "商品 低脂高钙纯牛奶" (the target's name when it still exists), else the kind and its id. */
function AuditTarget({ entry }: { entry: AuditEntry }) {
  const kind = AUDIT_TARGET_NAMES[entry.targetType] ?? '其他';
  if (entry.targetName) {
    return (
      <span data-testid="audit-target">
        <Typography.Text type="secondary">{kind}</Typography.Text> {entry.targetName}
      </span>
    );
  }
  return <span data-testid="audit-target">{`${kind}${entry.targetId ? ` #${entry.targetId}` : ''}`}</span>;
}

/** 审计日志 (owner only): staff writes and sign-ins, filterable, each with its before/after. */
export function AuditLogPage() {
  const [filter, setFilter] = useState<AuditFilter>({});
  const [targetId, setTargetId] = useState('');
  const staff = useApiData(() => staffApi.list(), []);
  const pages = useCursorPages((cursor, limit, signal) => staffApi.auditLog(filter, cursor, limit, signal), [filter], 20);
  const staffName = (id: number | null) => (id === null ? '—' : (staff.data?.find((s) => s.id === id)?.displayName ?? `#${id}`));
  const update = (change: Partial<AuditFilter>) => setFilter((current) => ({ ...current, ...change }));

  return (
    <Card title="审计日志">
      <Space wrap style={{ marginBottom: 16 }}>
        <Select
          placeholder="全部员工"
          allowClear
          style={{ width: 180 }}
          value={filter.staffId}
          onChange={(staffId?: number) => update({ staffId })}
          options={(staff.data ?? []).map((s) => ({ value: s.id, label: `${s.displayName}（${s.username}）` }))}
          aria-label="按员工筛选"
        />
        <Select
          placeholder="全部动作"
          allowClear
          showSearch
          style={{ width: 180 }}
          value={filter.action}
          onChange={(action?: string) => update({ action })}
          options={Object.entries(AUDIT_ACTION_NAMES).map(([value, label]) => ({ value, label }))}
          aria-label="按动作筛选"
        />
        <Select
          placeholder="全部对象"
          allowClear
          style={{ width: 140 }}
          value={filter.targetType}
          onChange={(targetType?: string) => update({ targetType })}
          options={Object.entries(AUDIT_TARGET_NAMES).map(([value, label]) => ({ value, label }))}
          aria-label="按对象类型筛选"
        />
        <Input
          placeholder="对象 ID"
          style={{ width: 120 }}
          value={targetId}
          onChange={(event) => setTargetId(event.target.value)}
          onPressEnter={() => update({ targetId: targetId.trim() || undefined })}
          aria-label="对象 ID"
        />
        <Button onClick={() => update({ targetId: targetId.trim() || undefined })}>筛选</Button>
      </Space>
      <Table<AuditEntry>
        rowKey="id"
        size="middle"
        loading={pages.isLoading}
        dataSource={pages.items}
        pagination={false}
        expandable={{ expandedRowRender: (entry) => <AuditDiff before={entry.before} after={entry.after} /> }}
        data-testid="audit-table"
        columns={[
          { title: '时间', dataIndex: 'createdAt', width: 180, render: formatTime },
          { title: '员工', dataIndex: 'staffId', render: staffName },
          {
            title: '角色',
            dataIndex: 'staffRole',
            render: (role: string | null) => (role && role in STAFF_ROLE_NAMES ? STAFF_ROLE_NAMES[role as keyof typeof STAFF_ROLE_NAMES] : '—'),
          },
          {
            title: '动作',
            dataIndex: 'action',
            // Words only: every action the server records has a label (test/static/audit-action-labels.test.ts).
            render: (action: string) => (
              <Tag color={action.endsWith('failed') || action.endsWith('delete') ? 'red' : 'blue'}>{AUDIT_ACTION_NAMES[action] ?? '其他操作'}</Tag>
            ),
          },
          {
            title: '对象',
            key: 'target',
            render: (_, entry) => <AuditTarget entry={entry} />,
          },
          {
            title: '请求编号',
            dataIndex: 'requestId',
            render: (id: string) => (
              <Typography.Text type="secondary" style={{ fontSize: 12 }} copyable>
                {id}
              </Typography.Text>
            ),
          },
        ]}
      />
      <CursorPager pages={pages} />
    </Card>
  );
}
