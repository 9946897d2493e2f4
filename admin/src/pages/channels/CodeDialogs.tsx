import { Form, Input, InputNumber, Modal } from 'antd';
import { useState } from 'react';
import { channelsApi, type ChannelCodeView, type ChannelView, type CodeBatchView } from '../../api/channels';
import { showServerFieldErrors } from '../../errors/field-errors';
import { reportError } from '../../errors/report-error';
import { linesOf, sceneError } from './channel-helpers';

/** Kinds whose codes also become WeCom codes (contact-me for wecom, group join for community). */
export const WECOM_KINDS: ReadonlySet<string> = new Set(['wecom', 'community']);

export function CreateCodeModal({ channel, onClose, onCreated }: { channel: ChannelView; onClose(): void; onCreated(): void }) {
  const [form] = Form.useForm<{ scene?: string; label?: string }>();
  const [isBusy, setIsBusy] = useState(false);
  const isWecom = WECOM_KINDS.has(channel.kind);
  const submit = async (values: { scene?: string; label?: string }) => {
    const scene = (values.scene ?? '').trim();
    setIsBusy(true);
    try {
      await channelsApi.createCode(channel.id, { ...(scene ? { scene } : {}), label: (values.label ?? '').trim() });
      onCreated();
    } catch (error) {
      if (!showServerFieldErrors(form, error, ([head]) => (head === 'scene' || head === 'label' ? [head] : null))) reportError(error);
    } finally {
      setIsBusy(false);
    }
  };
  return (
    <Modal open title="新建入口码" onCancel={onClose} onOk={() => form.submit()} okText="创建" confirmLoading={isBusy} destroyOnHidden>
      <Form form={form} layout="vertical" onFinish={submit} data-testid="code-form">
        <Form.Item name="label" label="名称">
          <Input maxLength={40} placeholder="如 门店收银台" aria-label="入口码名称" />
        </Form.Item>
        <Form.Item
          name="scene"
          label="自定义 scene（可选）"
          extra="留空则自动生成，如 c=K7p2Qx"
          rules={[
            {
              validator: async (_rule, value: string | undefined) => {
                const error = sceneError((value ?? '').trim(), isWecom);
                if (error) throw new Error(error);
              },
            },
          ]}
        >
          <Input maxLength={32} placeholder="c=store01" aria-label="自定义 scene" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export function CreateBatchModal({ channel, onClose, onCreated }: { channel: ChannelView; onClose(): void; onCreated(batch: CodeBatchView): void }) {
  const [form] = Form.useForm<{ quantity?: number; label?: string; orderNos?: string }>();
  const [isBusy, setIsBusy] = useState(false);
  const submit = async (values: { quantity?: number; label?: string; orderNos?: string }) => {
    const orderNos = linesOf(values.orderNos);
    const quantity = values.quantity ?? 0;
    if (orderNos.length > 0 && orderNos.length !== quantity) {
      form.setFields([{ name: 'orderNos', errors: [`订单号有 ${orderNos.length} 行，与数量 ${quantity} 不一致`] }]);
      return;
    }
    setIsBusy(true);
    try {
      onCreated(
        await channelsApi.createBatch(channel.id, {
          quantity,
          label: (values.label ?? '').trim(),
          ...(orderNos.length ? { marketplaceOrderNos: orderNos } : {}),
        }),
      );
    } catch (error) {
      const mapField = ([head]: (string | number)[]) =>
        head === 'quantity' || head === 'label' ? [head] : head === 'marketplaceOrderNos' ? ['orderNos'] : null;
      if (!showServerFieldErrors(form, error, mapField)) reportError(error);
    } finally {
      setIsBusy(false);
    }
  };
  return (
    <Modal open title="批量生成一物一码" onCancel={onClose} onOk={() => form.submit()} okText="生成" confirmLoading={isBusy} destroyOnHidden>
      <Form form={form} layout="vertical" onFinish={submit} initialValues={{ quantity: 100 }} data-testid="batch-form">
        <Form.Item name="quantity" label="数量" rules={[{ required: true, message: '请输入数量' }]} extra="每张卡片一个唯一码，最多 10,000 个">
          <InputNumber min={1} max={10_000} precision={0} style={{ width: 200 }} aria-label="数量" />
        </Form.Item>
        <Form.Item name="label" label="批次名称">
          <Input maxLength={40} placeholder="如 12月第1批包裹卡" aria-label="批次名称" />
        </Form.Item>
        <Form.Item name="orderNos" label="电商平台订单号（可选）" extra="每行一个，与数量一致，第 N 行对应第 N 张卡">
          <Input.TextArea rows={4} placeholder={'2026120112345678\n2026120112345679'} aria-label="电商平台订单号" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

interface WecomValues {
  ids?: string;
  remark?: string;
}

/**
 * 生成企微活码 (wecom: a contact-me code; the receptionists default to the store's) or 生成加群码 (community:
 * a group join code for 1–5 customer groups). The code's scene goes to WeCom as its `state`.
 */
export function WecomCodeModal({
  channel,
  code,
  onClose,
  onMade,
}: {
  channel: ChannelView;
  code: ChannelCodeView;
  onClose(): void;
  onMade(url: string): void;
}) {
  const [form] = Form.useForm<WecomValues>();
  const [isBusy, setIsBusy] = useState(false);
  const isGroup = channel.kind === 'community';
  const submit = async (values: WecomValues) => {
    const ids = linesOf(values.ids);
    const remark = (values.remark ?? '').trim();
    setIsBusy(true);
    try {
      const made = await channelsApi.makeWecomCode(code.id, {
        ...(ids.length > 0 ? (isGroup ? { chatIds: ids } : { userIds: ids }) : {}),
        ...(remark ? { remark } : {}),
      });
      onMade(made.wecomQrUrl);
    } catch (error) {
      const mapField = ([head]: (string | number)[]) => (head === 'userIds' || head === 'chatIds' ? ['ids'] : head === 'remark' ? ['remark'] : null);
      if (!showServerFieldErrors(form, error, mapField)) reportError(error);
    } finally {
      setIsBusy(false);
    }
  };
  return (
    <Modal
      open
      title={`${isGroup ? '生成加群码' : '生成企微活码'} · ${code.scene}`}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText="生成"
      confirmLoading={isBusy}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" onFinish={submit} data-testid="wecom-form">
        <Form.Item
          name="ids"
          label={isGroup ? '客户群 ID' : '接待成员（企业微信账号）'}
          extra={isGroup ? '每行一个群 ID，1–5 个' : '每行一个成员账号，留空则使用店铺默认的接待成员'}
          rules={isGroup ? [{ required: true, whitespace: true, message: '请填写至少一个客户群 ID' }] : []}
        >
          <Input.TextArea rows={3} aria-label={isGroup ? '客户群 ID' : '接待成员'} />
        </Form.Item>
        <Form.Item name="remark" label="备注（可选）">
          <Input maxLength={30} aria-label="备注" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
