import { ORDER_STATUS_NAMES, refundRejectBodySchema, type AdminOrder, type AdminRefund } from '@siyu/shared';
import { Alert, App, Form, Input, Modal, Radio, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { isApiError } from '../../api/client';
import { ordersApi, refundsApi } from '../../api/orders';
import { fieldErrorsOfIssues, setFieldErrors, showServerFieldErrors } from '../../errors/field-errors';
import { reportError } from '../../errors/report-error';
import { schemaRule } from '../../forms/schema-rule';
import { money } from '../../format';
import { useApiData } from '../../hooks/use-api-data';
import { refundItems, type RefundItemView } from './refund-lines';
import { RefundKindTag, RefundReturnInfo } from './RefundReturnInfo';

/** approve / reject a request; receive: confirm a 退货退款's goods came back (the money goes then). */
export type ReviewMode = 'approve' | 'reject' | 'receive';

interface Values {
  restock?: boolean;
  note?: string;
}

const QUICK_NOTES = ['商品已拆封，影响二次销售', '超过售后期限', '请先联系客服说明情况'];

/** What the refund returns: each line (named from its order) with its quantity and amount. */
function RefundItemsTable({ refund, order }: { refund: AdminRefund; order: AdminOrder | undefined }) {
  return (
    <Table<RefundItemView>
      size="small"
      rowKey="key"
      pagination={false}
      dataSource={refundItems(refund, order?.lines ?? refund.orderLines)}
      columns={[
        { title: '退款内容', dataIndex: 'label' },
        { className: 'nowrap', title: '数量', dataIndex: 'quantity', align: 'right', render: (quantity: number | null) => quantity ?? '—' },
        { className: 'nowrap', title: '金额', dataIndex: 'amountFen', align: 'right', render: money },
      ]}
      summary={() => (
        <Table.Summary.Row>
          <Table.Summary.Cell index={0} colSpan={2}>
            <Typography.Text strong>退款合计</Typography.Text>
          </Table.Summary.Cell>
          <Table.Summary.Cell index={2} align="right">
            <Typography.Text strong data-testid="refund-total">
              {money(refund.amountFen)}
            </Typography.Text>
          </Table.Summary.Cell>
        </Table.Summary.Row>
      )}
    />
  );
}

/**
 * Review of a requested refund. Approve asks whether the units go back to stock (no default: the
 * choice moves stock) and then WeChat Pay pays the amount back; reject needs a note the member sees.
 * A refund reviewed by someone else meanwhile (REFUND_STATUS_CONFLICT) closes the dialog and reloads.
 */
export function RefundReviewModal({
  refund,
  mode,
  order,
  onClose,
  onDone,
}: {
  refund: AdminRefund;
  mode: ReviewMode;
  order?: AdminOrder;
  onClose(): void;
  onDone(): void;
}) {
  const [form] = Form.useForm<Values>();
  const [isBusy, setIsBusy] = useState(false);
  const { message } = App.useApp();
  const loaded = useApiData((signal) => (order ? Promise.resolve(order) : ordersApi.get(refund.orderId, signal)), [refund.orderId, order]);
  const isApprove = mode === 'approve';
  const fieldOf = (path: (string | number)[]) => (path[0] === 'note' ? ['note'] : path[0] === 'restock' ? ['restock'] : null);

  const isReceive = mode === 'receive';
  const isReturn = refund.kind === 'return_refund';
  const send = async (values: Values): Promise<AdminRefund | null> => {
    if (isReceive) return refundsApi.confirmReceipt(refund.id);
    if (isApprove) return refundsApi.approve(refund.id, values.restock === true);
    const checked = refundRejectBodySchema.safeParse({ note: values.note ?? '' });
    if (!checked.success) {
      setFieldErrors(form, fieldErrorsOfIssues(checked.error.issues, fieldOf));
      return null;
    }
    return refundsApi.reject(refund.id, checked.data.note);
  };

  const submit = async (values: Values) => {
    setIsBusy(true);
    try {
      const reviewed = await send(values);
      if (!reviewed) return;
      if (reviewed.status === 'awaiting_return') message.success('已同意退货，会员将看到退货地址');
      else if (!isApprove && !isReceive) message.success(`已拒绝退款 ${refund.outRefundNo}`);
      else if (reviewed.status === 'succeeded') message.success(`已退款 ${money(reviewed.amountFen)}`);
      else message.success(`已同意退款 ${money(reviewed.amountFen)}，微信支付处理中`);
      onDone();
    } catch (error) {
      if (isApiError(error, 'REFUND_STATUS_CONFLICT', 'REFUND_NOT_FOUND')) {
        message.warning(error.friendlyMessage);
        onDone();
      } else if (isApiError(error, 'REFUND_WECHAT_REJECTED')) {
        // The refund failed and the order went back to its status before: show why, then reload.
        reportError(error);
        onDone();
      } else if (!showServerFieldErrors(form, error, fieldOf)) {
        reportError(error);
      }
    } finally {
      setIsBusy(false);
    }
  };

  const wasShipped = refund.orderStatusBefore !== 'paid';
  return (
    <Modal
      open
      title={`${isReceive ? '确认收到退货' : isApprove ? (isReturn ? '同意退货' : '同意退款') : '拒绝退款'}：${refund.outRefundNo}`}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={isReceive ? '确认收货并退款' : isApprove ? (isReturn ? '同意退货' : '同意并退款') : '拒绝退款'}
      okButtonProps={{ danger: !isApprove && !isReceive }}
      confirmLoading={isBusy}
      destroyOnHidden
      width={640}
    >
      <Space orientation="vertical" style={{ width: '100%' }} size="middle">
        <Typography.Text>
          <RefundKindTag refund={refund} /> 订单 {refund.orderNo} · 申请前状态 <Tag>{ORDER_STATUS_NAMES[refund.orderStatusBefore]}</Tag> · 退款原因：
          {refund.reason}
        </Typography.Text>
        <RefundItemsTable refund={refund} order={loaded.data} />
        <RefundReturnInfo refund={refund} />
        <Form<Values> form={form} layout="vertical" onFinish={submit} data-testid="refund-review-form">
          {isReceive ? null : isApprove ? (
            <Form.Item
              name="restock"
              label="退回库存"
              rules={[{ required: true, message: '请选择是否退回库存' }]}
              extra={
                isReturn
                  ? '退货退款：收到退货、确认收货后才退款；商品完好可再次销售时选择退回库存。'
                  : wasShipped
                    ? '订单已发货：确认商品已寄回且完好，才退回库存。'
                    : '订单未发货：商品仍在仓库，通常应退回库存。'
              }
            >
              <Radio.Group
                aria-label="退回库存"
                options={[
                  { value: true, label: '退回库存（可再次销售）' },
                  { value: false, label: '不退回库存' },
                ]}
              />
            </Form.Item>
          ) : (
            <>
              <Form.Item
                name="note"
                label="拒绝说明（会员可见）"
                validateFirst
                rules={[{ required: true, message: '请填写拒绝说明' }, schemaRule(refundRejectBodySchema.shape.note)]}
              >
                <Input.TextArea rows={3} maxLength={200} showCount aria-label="拒绝说明" />
              </Form.Item>
              <Space wrap>
                {QUICK_NOTES.map((note) => (
                  <Tag key={note} style={{ cursor: 'pointer' }} onClick={() => form.setFieldValue('note', note)}>
                    {note}
                  </Tag>
                ))}
              </Space>
            </>
          )}
        </Form>
        {isApprove && isReturn && <Alert type="info" showIcon title="同意后会员将看到退货地址并寄回商品；收到退货后再在此确认收货，款项随即原路退回。" />}
        {((isApprove && !isReturn) || isReceive) && (
          <Alert type="warning" showIcon title={`确认后将通过微信支付原路退回 ${money(refund.amountFen)}，不能撤销。`} />
        )}
      </Space>
    </Modal>
  );
}
