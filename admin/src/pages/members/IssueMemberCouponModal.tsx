import { Alert, Form, Input, Modal, Result, Select, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { couponsApi } from '../../api/promotions';
import { codeText, reportError } from '../../errors/report-error';
import { useApiData } from '../../hooks/use-api-data';
import type { CouponIssueResult } from './member-api';

/** A batch name unique enough for one click: 会员123-1206-2231. Sending the same batch twice grants nothing twice. */
function batchName(memberId: number): string {
  const now = new Date();
  const pad = (value: number) => String(value).padStart(2, '0');
  return `会员${memberId}-${pad(now.getMonth() + 1)}${pad(now.getDate())}-${pad(now.getHours())}${pad(now.getMinutes())}${pad(now.getSeconds())}`;
}

/** 发券: one coupon template to this member (POST /api/admin/coupon-templates/:id/issue { memberIds: [id], batch }). */
export function IssueMemberCouponModal({
  memberId,
  memberName,
  onClose,
  onIssued,
}: {
  memberId: number;
  memberName: string;
  onClose(): void;
  onIssued(): void;
}) {
  const { data: templates, isLoading } = useApiData((signal) => couponsApi.list(signal), []);
  const [templateId, setTemplateId] = useState<number>();
  const [batch, setBatch] = useState(() => batchName(memberId));
  const [error, setError] = useState<string | null>(null);
  const [isBusy, setIsBusy] = useState(false);
  const [result, setResult] = useState<CouponIssueResult | null>(null);
  const issuable = useMemo(() => (templates ?? []).filter((template) => template.status === 'active'), [templates]);

  const submit = async () => {
    if (result) {
      onClose();
      return;
    }
    if (!templateId) {
      setError('请选择优惠券');
      return;
    }
    if (!batch.trim()) {
      setError('请填写批次号');
      return;
    }
    setIsBusy(true);
    try {
      const issued = await couponsApi.issue(templateId, { memberIds: [memberId], batch: batch.trim() });
      setResult(issued);
      onIssued();
    } catch (caught) {
      reportError(caught);
    } finally {
      setIsBusy(false);
    }
  };

  return (
    <Modal
      open
      title={`发券给 ${memberName}`}
      onCancel={onClose}
      onOk={submit}
      okText={result ? '完成' : '确认发放'}
      cancelText="取消"
      cancelButtonProps={result ? { style: { display: 'none' } } : undefined}
      confirmLoading={isBusy}
      destroyOnHidden
    >
      {result ? (
        <Result
          status={result.issued > 0 ? 'success' : 'info'}
          title={result.issued > 0 ? '已发放 1 张' : '未发放'}
          subTitle={result.skipped.length > 0 ? `原因：${result.skipped.map((entry) => codeText(entry.code)).join('；')}` : undefined}
        />
      ) : (
        <Form layout="vertical" data-testid="member-coupon-form">
          <Form.Item label="优惠券" validateStatus={error ? 'error' : undefined} help={error ?? undefined}>
            <Select<number>
              loading={isLoading}
              showSearch={{ optionFilterProp: 'label' }}
              placeholder="选择进行中的优惠券"
              value={templateId}
              onChange={(value) => {
                setTemplateId(value);
                setError(null);
              }}
              options={issuable.map((template) => ({ value: template.id, label: `${template.name}（${template.ruleText}）` }))}
              notFoundContent="没有可发放的优惠券"
              aria-label="选择优惠券"
            />
          </Form.Item>
          <Form.Item label="批次号" extra="同一批次重复提交不会重复发放">
            <Input value={batch} maxLength={40} onChange={(event) => setBatch(event.target.value)} aria-label="批次号" />
          </Form.Item>
          <Alert type="info" showIcon title="超出每人限领、已领完或超出预算时不会发放。" />
          <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
            发放会记入审计日志。
          </Typography.Paragraph>
        </Form>
      )}
    </Modal>
  );
}
