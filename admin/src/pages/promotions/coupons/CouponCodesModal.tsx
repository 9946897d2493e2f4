import { DownloadOutlined } from '@ant-design/icons';
import { serializeCsv, type CouponCodesResult, type CouponTemplateView } from '@siyu/shared';
import { Alert, App, Button, Form, Input, InputNumber, Modal, Space, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { saveBlob } from '../../../api/catalog-io';
import { couponsApi } from '../../../api/promotions';
import { showServerFieldErrors } from '../../../errors/field-errors';
import { reportError } from '../../../errors/report-error';
import { newBatchName } from './issue-values';

interface Values {
  count: number;
  batch: string;
}

/** The codes of a batch as a CSV file (one code a line, with a BOM so Excel reads it as UTF-8). */
export function codesCsvFile(template: Pick<CouponTemplateView, 'name'>, result: CouponCodesResult): { blob: Blob; filename: string } {
  const csv = serializeCsv([['code', 'coupon', 'batch'], ...result.codes.map((code) => [code, template.name, result.batch])], { bom: true });
  return { blob: new Blob([csv], { type: 'text/csv;charset=utf-8' }), filename: `兑换码-${result.batch}.csv` };
}

/**
 * 兑换码: generates a batch of one-time codes. The server shows them once: the dialog lists them and
 * offers the CSV; closing it without downloading loses them (only the counts remain).
 */
export function CouponCodesModal({ template, onClose }: { template: CouponTemplateView; onClose(): void }) {
  const [form] = Form.useForm<Values>();
  const { modal } = App.useApp();
  const [isBusy, setIsBusy] = useState(false);
  const [result, setResult] = useState<CouponCodesResult | null>(null);
  const initialValues = useMemo<Values>(() => ({ count: 100, batch: newBatchName('codes') }), []);

  const submit = async (values: Values) => {
    setIsBusy(true);
    try {
      setResult(await couponsApi.codes(template.id, { count: values.count, batch: values.batch.trim() }));
    } catch (error) {
      if (!showServerFieldErrors(form, error, (path) => (path[0] === 'count' || path[0] === 'batch' ? [path[0]] : null))) reportError(error);
    } finally {
      setIsBusy(false);
    }
  };

  const close = () => {
    if (!result) return onClose();
    modal.confirm({ title: '兑换码只显示这一次', content: '关闭后无法再查看这些兑换码，确认已下载？', okText: '关闭', cancelText: '返回', onOk: onClose });
  };

  return (
    <Modal
      open
      title={`兑换码：${template.name}`}
      onCancel={close}
      onOk={() => (result ? close() : form.submit())}
      okText={result ? '关闭' : '生成'}
      confirmLoading={isBusy}
      destroyOnHidden
      width={560}
    >
      {result ? (
        <Space orientation="vertical" style={{ width: '100%' }}>
          <Alert type="warning" showIcon title={`已生成 ${result.codes.length} 个兑换码（批次 ${result.batch}），只显示这一次，请下载保存。`} />
          <Button type="primary" icon={<DownloadOutlined />} onClick={() => saveBlob(codesCsvFile(template, result))}>
            下载 CSV
          </Button>
          <Typography.Paragraph
            copyable={{ text: result.codes.join('\n') }}
            style={{ maxHeight: 240, overflow: 'auto', fontFamily: 'monospace', whiteSpace: 'pre-wrap' }}
            data-testid="coupon-codes"
          >
            {result.codes.join('\n')}
          </Typography.Paragraph>
        </Space>
      ) : (
        <Form<Values> form={form} layout="vertical" initialValues={initialValues} onFinish={submit}>
          <Form.Item name="count" label="数量" rules={[{ required: true, message: '请输入数量' }]}>
            <InputNumber min={1} max={5000} precision={0} suffix="个" aria-label="兑换码数量" style={{ width: 160 }} />
          </Form.Item>
          <Form.Item name="batch" label="批次号" rules={[{ required: true, whitespace: true, message: '请输入批次号' }]} extra="同一批次不会重复生成">
            <Input maxLength={40} aria-label="批次号" />
          </Form.Item>
        </Form>
      )}
    </Modal>
  );
}
