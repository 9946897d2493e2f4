import type { CouponIssueResult } from '@siyu/shared';
import { Alert, Form, Input, Modal, Result, Select, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { couponsApi } from '../../api/promotions';
import { codeText, reportError } from '../../errors/report-error';
import { useApiData } from '../../hooks/use-api-data';
import { segmentsApi } from './segments-api';

export interface IssueCouponModalProps {
  segment: { id: number; name: string };
  /** The builder has changes not saved yet: the coupons go by the saved conditions. */
  isDirty: boolean;
  onClose: () => void;
}

interface IssueForm {
  templateId: number;
  batch: string;
}

/** "原因A 3 人；原因B 1 人" from the skipped members' codes. */
function skippedText(skipped: CouponIssueResult['skipped']): string {
  const counts = new Map<string, number>();
  for (const row of skipped) counts.set(row.code, (counts.get(row.code) ?? 0) + 1);
  return [...counts].map(([code, count]) => `${codeText(code)} ${count} 人`).join('；');
}

/**
 * 发券给该分群: pick an active (approved) coupon template and a batch name; the server issues to the
 * segment's members at that moment. The batch makes a retry grant nothing twice.
 */
export function IssueCouponModal({ segment, isDirty, onClose }: IssueCouponModalProps) {
  const [form] = Form.useForm<IssueForm>();
  const [isSubmitting, setIsSubmitting] = useState(false);
  const [result, setResult] = useState<CouponIssueResult | null>(null);
  const { data: templates, isLoading } = useApiData((signal) => couponsApi.list(signal), []);
  const issuable = (templates ?? []).filter((template) => template.status === 'active' && ['not_required', 'approved'].includes(template.approval.status));

  const submit = async (values: IssueForm) => {
    setIsSubmitting(true);
    try {
      setResult(await segmentsApi.issueCoupons(values.templateId, { segmentId: segment.id, batch: values.batch.trim() }));
    } catch (error) {
      reportError(error);
    } finally {
      setIsSubmitting(false);
    }
  };

  return (
    <Modal
      open
      title={`发券给分群「${segment.name}」`}
      onCancel={onClose}
      okText={result ? '完成' : '发放'}
      cancelText="取消"
      cancelButtonProps={result ? { style: { display: 'none' } } : {}}
      confirmLoading={isSubmitting}
      onOk={() => (result ? onClose() : form.submit())}
      destroyOnHidden
    >
      {result ? (
        <Result
          status="success"
          title={`已发放 ${result.issued.toLocaleString('zh-CN')} 张`}
          subTitle={
            <div data-testid="segment-issue-result">
              {result.alreadyIssued > 0 && <div>此前同批次已发 {result.alreadyIssued} 人，本次未重复发放</div>}
              {result.skipped.length > 0 ? (
                <div>
                  跳过 {result.skipped.length} 人：{skippedText(result.skipped)}
                </div>
              ) : (
                <div>没有跳过的会员</div>
              )}
            </div>
          }
        />
      ) : (
        <Form<IssueForm> form={form} layout="vertical" onFinish={submit} initialValues={{ batch: `分群${segment.id}-${dayjs().format('YYYYMMDD-HHmm')}` }}>
          {isDirty && <Alert type="warning" showIcon style={{ marginBottom: 16 }} title="分群条件有未保存的修改，发券按已保存的条件圈选会员" />}
          <Form.Item name="templateId" label="优惠券" rules={[{ required: true, message: '请选择优惠券' }]}>
            <Select
              aria-label="优惠券"
              showSearch={{ optionFilterProp: 'label' }}
              loading={isLoading}
              placeholder="选择一张进行中的优惠券"
              options={issuable.map((template) => ({ value: template.id, label: `${template.name}（${template.ruleText}）` }))}
              notFoundContent="没有可发放的优惠券"
            />
          </Form.Item>
          <Form.Item
            name="batch"
            label="批次名"
            extra="同一批次重复提交不会重复发券"
            rules={[
              { required: true, whitespace: true, message: '请填写批次名' },
              { max: 40, message: '最多 40 个字' },
            ]}
          >
            <Input aria-label="批次名" />
          </Form.Item>
          <Typography.Text type="secondary">按发放时分群内的会员发券；每人受该券的每人限领约束。</Typography.Text>
        </Form>
      )}
    </Modal>
  );
}
