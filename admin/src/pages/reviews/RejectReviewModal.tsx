import type { AdminReviewView } from '@siyu/shared';
import { AutoComplete, Form, Modal } from 'antd';
import { useState } from 'react';
import { reviewsApi } from '../../api/reviews';
import { reportError } from '../../errors/report-error';
import { REJECT_REASONS } from './review-labels';

/** 驳回: a reason (picked or typed, 2–100 characters) the member reads on their own review. */
export function RejectReviewModal({ review, onClose, onDone }: { review: AdminReviewView; onClose: () => void; onDone: () => void }) {
  const [form] = Form.useForm<{ reason: string }>();
  const [isSaving, setIsSaving] = useState(false);
  const submit = async () => {
    let reason: string;
    try {
      reason = (await form.validateFields()).reason;
    } catch {
      return; // the form shows what is missing
    }
    setIsSaving(true);
    try {
      await reviewsApi.reject(review.id, reason.trim());
      onDone();
    } catch (error) {
      reportError(error);
    } finally {
      setIsSaving(false);
    }
  };
  return (
    <Modal
      open
      title={`驳回评价：${review.title}`}
      okText="驳回"
      okButtonProps={{ danger: true, loading: isSaving }}
      cancelText="取消"
      onOk={() => void submit()}
      onCancel={onClose}
    >
      <Form form={form} layout="vertical">
        <Form.Item
          name="reason"
          label="驳回原因（会员可见）"
          rules={[{ required: true, whitespace: true, min: 2, max: 100, message: '请填写 2–100 个字的原因' }]}
        >
          <AutoComplete options={REJECT_REASONS.map((value) => ({ value }))} placeholder="选择或输入原因" aria-label="驳回原因" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
