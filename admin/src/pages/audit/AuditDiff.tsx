import { Col, Row, Table, Tag, Typography } from 'antd';

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const show = (value: unknown) => (value === undefined ? '' : JSON.stringify(value));

interface DiffRow {
  key: string;
  before: unknown;
  after: unknown;
  isChanged: boolean;
}

/** Field-by-field before/after of an audit entry, changed fields first, then the raw JSON. */
export function AuditDiff({ before, after }: { before: unknown; after: unknown }) {
  const rows: DiffRow[] = [];
  if (isRecord(before) || isRecord(after)) {
    const b = isRecord(before) ? before : {};
    const a = isRecord(after) ? after : {};
    for (const key of new Set([...Object.keys(b), ...Object.keys(a)])) {
      rows.push({ key, before: b[key], after: a[key], isChanged: show(b[key]) !== show(a[key]) });
    }
    rows.sort((x, y) => Number(y.isChanged) - Number(x.isChanged));
  }
  return (
    <div data-testid="audit-diff">
      {rows.length > 0 && (
        <Table<DiffRow>
          size="small"
          rowKey="key"
          pagination={false}
          dataSource={rows}
          style={{ marginBottom: 12 }}
          columns={[
            { title: '字段', dataIndex: 'key', width: 180, render: (key: string, row) => (row.isChanged ? <Tag color="orange">{key}</Tag> : key) },
            { title: '修改前', dataIndex: 'before', render: (value: unknown) => <Typography.Text code>{show(value) || '—'}</Typography.Text> },
            { title: '修改后', dataIndex: 'after', render: (value: unknown) => <Typography.Text code>{show(value) || '—'}</Typography.Text> },
          ]}
        />
      )}
      <Row gutter={16}>
        {(
          [
            ['修改前', before],
            ['修改后', after],
          ] as const
        ).map(([title, value]) => (
          <Col span={12} key={title}>
            <Typography.Text strong>{title}</Typography.Text>
            <pre style={{ background: '#fafafa', padding: 12, maxHeight: 280, overflow: 'auto', fontSize: 12 }}>
              {value === null || value === undefined ? '（无）' : JSON.stringify(value, null, 2)}
            </pre>
          </Col>
        ))}
      </Row>
    </div>
  );
}
