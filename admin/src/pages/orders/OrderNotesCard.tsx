import { orderNoteBodySchema } from '@siyu/shared';
import { App, Button, Card, Empty, Input, List, Space, Typography } from 'antd';
import { useState } from 'react';
import { ordersApi } from '../../api/orders';
import { reportError } from '../../errors/report-error';
import { formatTime } from '../../format';
import { useApiData } from '../../hooks/use-api-data';

/** 商家备注: staff-only notes on an order (the shopper never sees them); appended, never edited; audited. */
export function OrderNotesCard({ orderId, canWrite }: { orderId: number; canWrite: boolean }) {
  const { message } = App.useApp();
  const notes = useApiData((signal) => ordersApi.notes(orderId, signal), [orderId]);
  const [draft, setDraft] = useState('');
  const [isSaving, setIsSaving] = useState(false);
  const checked = orderNoteBodySchema.safeParse({ note: draft });
  const save = async () => {
    if (!checked.success) return;
    setIsSaving(true);
    try {
      await ordersApi.addNote(orderId, checked.data.note);
      setDraft('');
      message.success('备注已保存');
      notes.reload();
    } catch (error) {
      reportError(error);
    } finally {
      setIsSaving(false);
    }
  };
  const items = notes.data?.items ?? [];
  return (
    <Card title="商家备注" size="small" extra={<Typography.Text type="secondary">仅员工可见</Typography.Text>} data-testid="order-notes">
      {items.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="暂无备注" />
      ) : (
        <List
          size="small"
          dataSource={items}
          renderItem={(note) => (
            <List.Item>
              <List.Item.Meta
                title={<span style={{ whiteSpace: 'pre-wrap' }}>{note.note}</span>}
                description={`${note.staffName} · ${formatTime(note.createdAt)}`}
              />
            </List.Item>
          )}
        />
      )}
      {canWrite && (
        <Space.Compact style={{ width: '100%', marginTop: 12 }}>
          <Input.TextArea
            value={draft}
            onChange={(event) => setDraft(event.target.value)}
            maxLength={500}
            autoSize={{ minRows: 1, maxRows: 4 }}
            placeholder="如：老客户，优先发货；已电话确认地址"
            aria-label="商家备注"
          />
          <Button type="primary" onClick={save} loading={isSaving} disabled={!checked.success}>
            添加
          </Button>
        </Space.Compact>
      )}
    </Card>
  );
}
