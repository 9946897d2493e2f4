import { BellOutlined } from '@ant-design/icons';
import type { StaffMessageView } from '@siyu/shared';
import { Badge, Button, Empty, List, Popover, Space, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { saveBlob } from '../../api/catalog-io';
import { dashboardApi } from '../../api/dashboard';
import { reportError } from '../../errors/report-error';
import { formatTime } from '../../format';
import { linkTarget } from './metric-format';

/** The kinds of 站内信, in Chinese. */
export const MESSAGE_KIND_LABELS: Readonly<Record<string, string>> = { daily_report: '日报', export_done: '导出完成', export_failed: '导出失败' };

const POLL_MS = 60_000;

/** 站内信 in the header: the unread count as a badge; the list opens in a popover; opening a message marks it read. */
export function InboxBell() {
  const navigate = useNavigate();
  const [items, setItems] = useState<StaffMessageView[]>([]);
  const [unread, setUnread] = useState(0);
  const [isOpen, setIsOpen] = useState(false);

  const load = useCallback(async (signal?: AbortSignal) => {
    try {
      const page = await dashboardApi.inbox(signal);
      setItems(page.items);
      setUnread(page.unread);
    } catch (error) {
      // The bell stays quiet on a failed poll (the page's own loads report their errors).
      if (error instanceof DOMException && error.name === 'AbortError') return;
    }
  }, []);

  useEffect(() => {
    const controller = new AbortController();
    void load(controller.signal);
    const timer = setInterval(() => void load(controller.signal), POLL_MS);
    return () => {
      controller.abort();
      clearInterval(timer);
    };
  }, [load]);

  const open = async (message: StaffMessageView) => {
    try {
      if (!message.read) {
        await dashboardApi.markRead(message.id);
        setItems((current) => current.map((item) => (item.id === message.id ? { ...item, read: true } : item)));
        setUnread((count) => Math.max(0, count - 1));
      }
      const target = linkTarget(message.link);
      if (target?.kind === 'page') {
        setIsOpen(false);
        navigate(target.to);
      } else if (target?.kind === 'download') {
        saveBlob(await dashboardApi.downloadExport(target.url, () => undefined));
      }
    } catch (error) {
      reportError(error);
    }
  };

  const readAll = async () => {
    try {
      await dashboardApi.markAllRead();
      setItems((current) => current.map((item) => ({ ...item, read: true })));
      setUnread(0);
    } catch (error) {
      reportError(error);
    }
  };

  const content = (
    <div style={{ width: 360, maxHeight: 420, overflowY: 'auto' }} data-testid="inbox-list">
      {items.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="暂无消息" />
      ) : (
        <List<StaffMessageView>
          size="small"
          dataSource={items}
          renderItem={(message) => (
            <List.Item
              style={{ cursor: 'pointer', opacity: message.read ? 0.6 : 1 }}
              onClick={() => void open(message)}
              data-testid={`inbox-message-${message.id}`}
            >
              <List.Item.Meta
                title={
                  <Space size={6}>
                    {!message.read && <Badge status="processing" />}
                    <Typography.Text strong={!message.read}>{message.title}</Typography.Text>
                  </Space>
                }
                description={
                  <>
                    <Typography.Paragraph type="secondary" ellipsis={{ rows: 2 }} style={{ marginBottom: 0 }}>
                      {message.body}
                    </Typography.Paragraph>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {MESSAGE_KIND_LABELS[message.kind] ?? '通知'} · {formatTime(message.createdAt)}
                    </Typography.Text>
                  </>
                }
              />
            </List.Item>
          )}
        />
      )}
    </div>
  );

  return (
    <Popover
      trigger="click"
      placement="bottomRight"
      open={isOpen}
      onOpenChange={(next) => {
        setIsOpen(next);
        if (next) void load();
      }}
      title={
        <Space style={{ width: '100%', justifyContent: 'space-between' }}>
          <span>站内信</span>
          <Button type="link" size="small" disabled={unread === 0} onClick={() => void readAll()}>
            全部已读
          </Button>
        </Space>
      }
      content={content}
    >
      <Badge count={unread} size="small" overflowCount={99}>
        <Button shape="circle" icon={<BellOutlined />} aria-label={unread > 0 ? `站内信，${unread} 条未读` : '站内信'} data-testid="inbox-bell" />
      </Badge>
    </Popover>
  );
}
