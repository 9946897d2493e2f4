import type { Staff } from '@siyu/shared';
import { Alert, Form, Modal } from 'antd';
import { useState } from 'react';
import { staffApi } from '../../api/staff';
import { showServerFieldErrors } from '../../errors/field-errors';
import { reportError } from '../../errors/report-error';
import { PasswordFields } from './StaffFormModal';

/** Sets a new password for a staff account; its open sessions end. */
export function PasswordResetModal({ staff, onClose, onDone }: { staff: Staff; onClose(): void; onDone(): void }) {
  const [form] = Form.useForm<{ password: string }>();
  const [isBusy, setIsBusy] = useState(false);
  const submit = async ({ password }: { password: string }) => {
    setIsBusy(true);
    try {
      await staffApi.resetPassword(staff.id, password);
      onDone();
    } catch (error) {
      if (!showServerFieldErrors(form, error, (path) => (path[0] === 'password' ? ['password'] : null))) reportError(error);
    } finally {
      setIsBusy(false);
    }
  };
  return (
    <Modal
      open
      title={`重置密码：${staff.displayName}（${staff.username}）`}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText="重置"
      confirmLoading={isBusy}
      destroyOnHidden
    >
      <Alert type="info" showIcon title="重置后该员工已登录的设备会立即退出。" style={{ marginBottom: 16 }} />
      <Form form={form} layout="vertical" onFinish={submit}>
        <PasswordFields />
      </Form>
    </Modal>
  );
}
