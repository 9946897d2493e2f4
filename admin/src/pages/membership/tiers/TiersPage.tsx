import { TIER_CODES, type TiersAdminView, type TierReevaluationView } from '@siyu/shared';
import { Alert, App, Button, Card, Form, Skeleton, Space, Tag, Tooltip } from 'antd';
import { useEffect, useState } from 'react';
import { isApiError } from '../../../api/client';
import { tiersApi } from '../../../api/membership';
import { useSession } from '../../../auth/SessionProvider';
import { setFieldErrors, showServerFieldErrors } from '../../../errors/field-errors';
import { reportError } from '../../../errors/report-error';
import { useApiData } from '../../../hooks/use-api-data';
import { useCouponTemplates } from '../common/coupon-options';
import { isReevaluationActive, ReevaluationProgress, useReevaluation } from './ReevaluationProgress';
import { changesThresholds, tierFieldOf, tiersBodyOfValues, valuesOfTiers, type TierFormValues, type TierRowValues } from './tier-form';
import { TierEditor } from './TierEditor';

/** The store's values in tier order (the code of a row is its position, whatever the form holds). */
function rowsOf(values: Partial<TierFormValues>): TierFormValues {
  return { tiers: TIER_CODES.map((code, index): TierRowValues => ({ ...values.tiers?.[index], code })) };
}

/**
 * 会员等级: the five tiers with thresholds and perks (owner, operator edit; others read). Saving a
 * changed threshold starts a re-evaluation of every member, shown as a progress bar until it ends.
 */
export function TiersPage() {
  const { can } = useSession();
  const canEdit = can('membership:write');
  const { message } = App.useApp();
  const [form] = Form.useForm<TierFormValues>();
  const loaded = useApiData((signal) => tiersApi.get(signal), []);
  const coupons = useCouponTemplates();
  const [saved, setSaved] = useState<TiersAdminView>();
  const [followed, setFollowed] = useState<TierReevaluationView | null>(null);
  const reevaluation = useReevaluation(followed);
  const [isBusy, setIsBusy] = useState(false);

  useEffect(() => {
    if (!loaded.data) return;
    setSaved(loaded.data);
    setFollowed(loaded.data.reevaluation);
  }, [loaded.data]);

  if (!saved) return <Card title="会员等级">{loaded.error ? <Alert type="error" showIcon title="加载失败" /> : <Skeleton active />}</Card>;
  const isRunning = reevaluation ? isReevaluationActive(reevaluation) : false;

  const submit = async () => {
    const built = tiersBodyOfValues(rowsOf(form.getFieldsValue(true) as Partial<TierFormValues>));
    if (!built.ok) {
      setFieldErrors(form, built.errors);
      return;
    }
    setIsBusy(true);
    try {
      const view = await tiersApi.save(built.value);
      const isRequeued = changesThresholds(saved.tiers, view.tiers);
      setSaved(view);
      form.setFieldsValue(valuesOfTiers(view.tiers));
      setFollowed(view.reevaluation);
      message.success(isRequeued ? '会员等级已保存，正在按新门槛重新评估会员' : '会员等级已保存');
    } catch (error) {
      if (isApiError(error, 'TIER_REEVALUATION_RUNNING')) {
        reportError(error);
        loaded.reload();
      } else if (!showServerFieldErrors(form, error, tierFieldOf)) reportError(error);
    } finally {
      setIsBusy(false);
    }
  };

  return (
    <Card
      title="会员等级"
      extra={
        canEdit ? (
          <Space>
            <Button disabled={isBusy} onClick={() => form.setFieldsValue(valuesOfTiers(saved.tiers))}>
              撤销修改
            </Button>
            <Tooltip title={isRunning ? '重新评估结束后才能再次保存' : undefined}>
              <Button type="primary" loading={isBusy} disabled={isRunning} onClick={() => form.submit()} data-testid="save-tiers">
                保存
              </Button>
            </Tooltip>
          </Space>
        ) : (
          <Tag>只读</Tag>
        )
      }
    >
      {reevaluation && (
        <div style={{ marginBottom: 16 }}>
          <ReevaluationProgress view={reevaluation} />
        </div>
      )}
      <Form<TierFormValues> form={form} initialValues={valuesOfTiers(saved.tiers)} onFinish={submit} data-testid="tier-form">
        <TierEditor couponOptions={coupons.options} isCouponsLoading={coupons.isLoading} isReadOnly={!canEdit} />
      </Form>
    </Card>
  );
}
