import { STACKING_GROUPS, type PromotionSettingsView } from '@siyu/shared';
import { Alert, App, Button, Card, InputNumber, Skeleton, Space, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { promotionSettingsApi } from '../../../api/promotions';
import { useSession } from '../../../auth/SessionProvider';
import { reportError } from '../../../errors/report-error';
import { useApiData } from '../../../hooks/use-api-data';
import { sameMatrix } from './matrix';
import { StackingMatrixEditor } from './StackingMatrixEditor';

/** 叠加规则: which promotion groups may stack on one line, and the depth above which a promotion needs approval. */
export function StackingSettingsPage() {
  const { can } = useSession();
  const canEdit = can('promotions:settings');
  const { message } = App.useApp();
  const loaded = useApiData((signal) => promotionSettingsApi.get(signal), []);
  const [draft, setDraft] = useState<PromotionSettingsView | undefined>();
  const [isBusy, setIsBusy] = useState(false);
  useEffect(() => setDraft(loaded.data), [loaded.data]);

  if (!draft || !loaded.data) return <Card title="叠加规则">{loaded.error ? <Alert type="error" showIcon title="加载失败" /> : <Skeleton active />}</Card>;
  const saved = loaded.data;
  const isDirty = draft.maxDepthBp !== saved.maxDepthBp || !sameMatrix(draft.stackingMatrix, saved.stackingMatrix, STACKING_GROUPS);

  const save = async () => {
    setIsBusy(true);
    try {
      setDraft(await promotionSettingsApi.save(draft));
      message.success('叠加规则已保存');
      loaded.reload();
    } catch (error) {
      reportError(error);
    } finally {
      setIsBusy(false);
    }
  };

  return (
    <Card
      title="叠加规则"
      extra={
        canEdit ? (
          <Space>
            <Button disabled={!isDirty || isBusy} onClick={() => setDraft(saved)}>
              撤销修改
            </Button>
            <Button type="primary" disabled={!isDirty} loading={isBusy} onClick={save}>
              保存
            </Button>
          </Space>
        ) : (
          <Tag>只读</Tag>
        )
      }
    >
      <Space orientation="vertical" size="large" style={{ width: '100%' }}>
        <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
          勾选表示同一件商品可以同时享受两类优惠；同一类优惠之间不叠加。结算时系统在允许的组合中为会员选出最优惠的一种。
        </Typography.Paragraph>
        <StackingMatrixEditor value={draft.stackingMatrix} onChange={(stackingMatrix) => setDraft({ ...draft, stackingMatrix })} disabled={!canEdit} />
        <Space align="center">
          <Typography.Text>折扣深度超过</Typography.Text>
          <InputNumber
            aria-label="审批折扣深度"
            min={1}
            max={100}
            precision={0}
            suffix="%"
            value={draft.maxDepthBp / 100}
            disabled={!canEdit}
            onChange={(percent) => typeof percent === 'number' && setDraft({ ...draft, maxDepthBp: percent * 100 })}
            style={{ width: 110 }}
          />
          <Typography.Text>或任一规格低于成本价时，运营创建的活动需店主审批。</Typography.Text>
        </Space>
      </Space>
    </Card>
  );
}
