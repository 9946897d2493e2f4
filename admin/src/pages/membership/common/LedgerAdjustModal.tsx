import { describeIssue, ledgerAdjustmentBodySchema } from '@siyu/shared';
import { Form, Input, InputNumber, Modal, Radio, Typography } from 'antd';
import { useState } from 'react';
import { isApiError } from '../../../api/client';
import type { LedgerAdjustmentInput } from '../../../api/membership';
import { setFieldErrors, showServerFieldErrors } from '../../../errors/field-errors';
import { reportError } from '../../../errors/report-error';
import { schemaRule } from '../../../forms/schema-rule';

export interface AdjustValues {
  direction: 'add' | 'deduct';
  amount?: number | null;
  reason?: string;
}

type Built = { ok: true; value: LedgerAdjustmentInput } | { ok: false; errors: { name: string[]; errors: string[] }[] };

/** Form values → the adjustment body (a signed delta and the trimmed reason), checked with the shared schema. */
export function adjustmentBodyOf(values: AdjustValues): Built {
  const amount = values.amount ?? 0;
  const body: LedgerAdjustmentInput = { delta: values.direction === 'deduct' ? -amount : amount, reason: (values.reason ?? '').trim() };
  const parsed = ledgerAdjustmentBodySchema.safeParse(body);
  if (parsed.success) return { ok: true, value: parsed.data };
  return {
    ok: false,
    errors: parsed.error.issues.map((issue) => ({ name: [issue.path[0] === 'reason' ? 'reason' : 'amount'], errors: [describeIssue(issue)] })),
  };
}

const fieldOf = (path: readonly (string | number)[]) => (path[0] === 'reason' ? ['reason'] : path[0] === 'delta' ? ['amount'] : null);

interface Props {
  /** "积分" or "成长值". */
  unit: string;
  /** What the member has now, shown above the form. */
  current: string;
  onClose(): void;
  /** Sends the adjustment; the modal closes when it resolves. */
  onSubmit(body: LedgerAdjustmentInput): Promise<void>;
}

/**
 * 调整积分 / 调整成长值: add or deduct a whole amount, with a reason (mandatory, 2–100 characters) that
 * goes into the ledger entry and the audit log.
 */
export function LedgerAdjustModal({ unit, current, onClose, onSubmit }: Props) {
  const [form] = Form.useForm<AdjustValues>();
  const [isBusy, setIsBusy] = useState(false);

  const submit = async (values: AdjustValues) => {
    const built = adjustmentBodyOf(values);
    if (!built.ok) {
      setFieldErrors(form, built.errors);
      return;
    }
    setIsBusy(true);
    try {
      await onSubmit(built.value);
    } catch (error) {
      if (isApiError(error, 'POINTS_INSUFFICIENT', 'GROWTH_WOULD_GO_NEGATIVE')) setFieldErrors(form, [{ name: ['amount'], errors: [error.friendlyMessage] }]);
      else if (!showServerFieldErrors(form, error, fieldOf)) reportError(error);
    } finally {
      setIsBusy(false);
    }
  };

  return (
    <Modal open title={`调整${unit}`} onCancel={onClose} onOk={() => form.submit()} okText="确认调整" confirmLoading={isBusy} destroyOnHidden>
      <Typography.Paragraph type="secondary">当前：{current}。调整会记入流水和审计日志，不能撤销（可再做一次反向调整）。</Typography.Paragraph>
      <Form<AdjustValues> form={form} layout="vertical" initialValues={{ direction: 'add' }} onFinish={submit} data-testid="ledger-adjust-form">
        <Form.Item name="direction" label="方向">
          <Radio.Group
            optionType="button"
            options={[
              { value: 'add', label: `增加${unit}` },
              { value: 'deduct', label: `扣减${unit}` },
            ]}
          />
        </Form.Item>
        <Form.Item name="amount" label="数量" rules={[{ required: true, message: `请输入${unit}数量` }]}>
          <InputNumber min={1} max={1_000_000} precision={0} aria-label="调整数量" style={{ width: 200 }} />
        </Form.Item>
        <Form.Item
          name="reason"
          label="原因"
          validateFirst
          rules={[{ required: true, whitespace: true, message: '请填写调整原因' }, schemaRule(ledgerAdjustmentBodySchema.shape.reason)]}
          extra="必填，2–100 个字，写入流水"
        >
          <Input.TextArea rows={3} maxLength={100} showCount aria-label="调整原因" placeholder="如：客诉补偿，工单 #1024" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
