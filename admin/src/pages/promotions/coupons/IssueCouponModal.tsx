import { TIER_CODES, TIER_NAMES, type CouponIssueResult, type CouponTemplateView } from '@siyu/shared';
import { Alert, Checkbox, Form, Input, Modal, Radio, Result, Select, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { couponsApi } from '../../../api/promotions';
import { showServerFieldErrors } from '../../../errors/field-errors';
import { codeText, reportError } from '../../../errors/report-error';
import { issueBodyOfValues, newBatchName, type IssueFormValues } from './issue-values';

const fieldOf = (path: (string | number)[]) =>
  path[0] === 'memberIds' ? ['memberIdsText'] : path[0] === 'batch' ? ['batch'] : path[0] === 'filter' ? ['tierCodes'] : null;

function IssueResult({ result }: { result: CouponIssueResult }) {
  return (
    <Result
      status={result.issued > 0 ? 'success' : 'info'}
      title={`已发放 ${result.issued} 张`}
      subTitle={result.skipped.length > 0 ? `跳过 ${result.skipped.length} 位会员` : undefined}
      extra={
        result.skipped.length > 0 && (
          <Typography.Paragraph type="secondary" style={{ textAlign: 'left', maxHeight: 160, overflow: 'auto' }} data-testid="issue-skipped">
            {result.skipped.map((entry) => `#${entry.memberId}：${codeText(entry.code)}`).join('；')}
          </Typography.Paragraph>
        )
      }
    />
  );
}

/**
 * 发放: to a pasted list of member ids or to every member of some tiers. The batch name makes the
 * request idempotent: sending the same batch again (a double click, a retry) grants nothing twice.
 */
export function IssueCouponModal({ template, onClose, onIssued }: { template: CouponTemplateView; onClose(): void; onIssued(): void }) {
  const [form] = Form.useForm<IssueFormValues>();
  const target = Form.useWatch('target', form) ?? 'members';
  const [isBusy, setIsBusy] = useState(false);
  const [result, setResult] = useState<CouponIssueResult | null>(null);
  const initialValues = useMemo<IssueFormValues>(() => ({ target: 'members', batch: newBatchName('issue') }), []);

  const submit = async (values: IssueFormValues) => {
    const built = issueBodyOfValues(values);
    if (!built.ok) {
      form.setFields([{ name: built.name as keyof IssueFormValues, errors: [built.message] }]);
      return;
    }
    setIsBusy(true);
    try {
      setResult(await couponsApi.issue(template.id, built.body));
      onIssued();
    } catch (error) {
      if (!showServerFieldErrors(form, error, fieldOf)) reportError(error);
    } finally {
      setIsBusy(false);
    }
  };

  return (
    <Modal
      open
      title={`发放：${template.name}`}
      onCancel={onClose}
      onOk={() => (result ? onClose() : form.submit())}
      okText={result ? '完成' : '确认发放'}
      cancelButtonProps={result ? { style: { display: 'none' } } : undefined}
      confirmLoading={isBusy}
      destroyOnHidden
      width={560}
    >
      {result ? (
        <IssueResult result={result} />
      ) : (
        <Form<IssueFormValues> form={form} layout="vertical" initialValues={initialValues} onFinish={submit} data-testid="issue-form">
          <Form.Item name="target" label="发放对象">
            <Radio.Group
              options={[
                { value: 'members', label: '指定会员' },
                { value: 'filter', label: '按会员等级' },
              ]}
              aria-label="发放对象"
            />
          </Form.Item>
          {target === 'members' ? (
            <Form.Item name="memberIdsText" label="会员 ID" extra="多个 ID 用逗号、空格或换行分隔">
              <Input.TextArea rows={4} placeholder={'12\n15\n18'} aria-label="会员 ID 列表" />
            </Form.Item>
          ) : (
            <>
              <Form.Item name="tierCodes" label="会员等级" extra="不选则发给全部会员">
                <Select mode="multiple" allowClear options={TIER_CODES.map((code) => ({ value: code, label: TIER_NAMES[code] }))} aria-label="会员等级" />
              </Form.Item>
              <Form.Item name="hasPhone" valuePropName="checked">
                <Checkbox>只发给已绑定手机号的会员</Checkbox>
              </Form.Item>
            </>
          )}
          <Form.Item name="batch" label="批次号" extra="同一批次重复提交不会重复发放">
            <Input maxLength={40} aria-label="批次号" />
          </Form.Item>
          <Alert type="info" showIcon title={`每位会员最多持有 ${template.perMemberCap} 张；超出上限、已领完或超出预算的会员会被跳过。`} />
        </Form>
      )}
    </Modal>
  );
}
