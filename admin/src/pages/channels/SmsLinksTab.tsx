import { DownloadOutlined, UploadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Form, Input, Select, Space, Typography, Upload } from 'antd';
import { useState } from 'react';
import { saveBlob, type Download } from '../../api/catalog-io';
import { channelsApi, type ChannelView } from '../../api/channels';
import { reportError } from '../../errors/report-error';
import { useApiData } from '../../hooks/use-api-data';
import { phonesOf } from './channel-helpers';

interface Values {
  label?: string;
  codeId?: number;
  phones?: string;
}

/** 短信链接: a campaign's URL Links, one per recipient (its own cq), for a code of this channel; the CSV goes to the SMS vendor. */
export function SmsLinksTab({ channel, canWrite }: { channel: ChannelView; canWrite: boolean }) {
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const codes = useApiData((signal) => channelsApi.codes(channel.id, null, 100, signal), [channel.id]);
  const [isBusy, setIsBusy] = useState(false);
  const [last, setLast] = useState<{ file: Download; recipients: number } | null>(null);
  const phonesText = Form.useWatch('phones', form) ?? '';
  const phoneCount = phonesOf(phonesText).length;
  const activeCodes = (codes.data?.items ?? []).filter((code) => code.status === 'active');

  const submit = async (values: Values) => {
    const phones = phonesOf(values.phones ?? '');
    if (phones.length === 0) {
      form.setFields([{ name: 'phones', errors: ['没有找到手机号：每行一个 11 位手机号'] }]);
      return;
    }
    setIsBusy(true);
    try {
      const { file } = await channelsApi.createSmsLinks(channel.id, { codeId: values.codeId as number, phones, label: (values.label ?? '').trim() });
      saveBlob(file);
      setLast({ file, recipients: phones.length });
      message.success(`已生成 ${phones.length} 条短信链接`);
    } catch (error) {
      reportError(error);
    } finally {
      setIsBusy(false);
    }
  };

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%', maxWidth: 720 }}>
      <Typography.Text type="secondary">
        为每位收件人生成专属小程序链接（URL Link，带 cq 参数），下载 CSV 交给短信服务商发送；收件人打开链接即计入本渠道。手机号只用于生成链接，系统不保存明文。
      </Typography.Text>
      <Form form={form} layout="vertical" onFinish={submit} disabled={!canWrite} data-testid="sms-link-form">
        <Form.Item name="label" label="活动名称" rules={[{ required: true, whitespace: true, message: '请输入活动名称' }]}>
          <Input maxLength={40} placeholder="如 12月老客召回短信" aria-label="活动名称" />
        </Form.Item>
        <Form.Item name="codeId" label="入口码" rules={[{ required: true, message: '请选择入口码' }]}>
          <Select
            loading={codes.isLoading}
            placeholder={activeCodes.length || codes.isLoading ? '选择入口码' : '请先在“入口码”中新建入口码'}
            options={activeCodes.map((code) => ({ value: code.id, label: `${code.scene}${code.label ? `（${code.label}）` : ''}` }))}
            aria-label="入口码"
          />
        </Form.Item>
        <Form.Item
          name="phones"
          label="收件人手机号"
          extra={phoneCount > 0 ? `已识别 ${phoneCount} 个手机号` : '每行一个，或上传包含手机号的 CSV 文件'}
          rules={[{ required: true, message: '请输入手机号' }]}
        >
          <Input.TextArea rows={6} placeholder={'13800138000\n13900139000'} aria-label="收件人手机号" />
        </Form.Item>
        <Space>
          <Upload
            accept=".csv,.txt,text/csv,text/plain"
            showUploadList={false}
            beforeUpload={(file) => {
              void file.text().then((text) => {
                const phones = phonesOf(text);
                form.setFieldValue('phones', phones.join('\n'));
                void form.validateFields(['phones']).catch(() => undefined);
                message.info(`从 ${file.name} 识别到 ${phones.length} 个手机号`);
              });
              return false;
            }}
          >
            <Button icon={<UploadOutlined />}>上传 CSV</Button>
          </Upload>
          <Button type="primary" htmlType="submit" loading={isBusy}>
            生成短信链接
          </Button>
        </Space>
      </Form>
      {last && (
        <Alert
          type="success"
          showIcon
          title={`已生成 ${last.recipients} 条短信链接`}
          action={
            <Button size="small" icon={<DownloadOutlined />} onClick={() => saveBlob(last.file)}>
              再次下载 CSV
            </Button>
          }
        />
      )}
    </Space>
  );
}
