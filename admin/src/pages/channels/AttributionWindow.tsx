import { App, Button, InputNumber, Space, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { channelsApi } from '../../api/channels';
import { useSession } from '../../auth/SessionProvider';
import { reportError } from '../../errors/report-error';
import { useApiData } from '../../hooks/use-api-data';

/** 归因窗口: how many days before an order its last touch may be (the store's setting, 1–90 days; default 7). */
export function AttributionWindow({ onSaved }: { onSaved?: () => void }) {
  const { can } = useSession();
  const { message } = App.useApp();
  const { data, reload } = useApiData((signal) => channelsApi.settings(signal), []);
  const [days, setDays] = useState<number | null>(null);
  const [isSaving, setIsSaving] = useState(false);
  useEffect(() => {
    if (data) setDays(data.attributionWindowDays);
  }, [data]);
  if (!data) return null;
  if (!can('channels:write')) {
    return <Typography.Text type="secondary">归因窗口：下单前 {data.attributionWindowDays} 天</Typography.Text>;
  }
  const save = async () => {
    if (days === null) return;
    setIsSaving(true);
    try {
      await channelsApi.saveSettings({ attributionWindowDays: days });
      message.success(`归因窗口已设为 ${days} 天，对之后的新订单生效`);
      reload();
      onSaved?.();
    } catch (error) {
      reportError(error);
    } finally {
      setIsSaving(false);
    }
  };
  return (
    <Space size="small" data-testid="attribution-window">
      <Typography.Text type="secondary">归因窗口：下单前</Typography.Text>
      <InputNumber
        min={1}
        max={90}
        precision={0}
        value={days}
        onChange={(value) => setDays(value)}
        size="small"
        style={{ width: 72 }}
        aria-label="归因窗口天数"
      />
      <Typography.Text type="secondary">天</Typography.Text>
      <Button size="small" onClick={() => void save()} loading={isSaving} disabled={days === null || days === data.attributionWindowDays}>
        保存
      </Button>
    </Space>
  );
}
