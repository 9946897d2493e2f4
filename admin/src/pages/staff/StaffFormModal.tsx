import { STAFF_ROLES, staffCreateBodySchema, type Staff, type StaffRole } from '@siyu/shared';
import { Form, Input, Modal, Select } from 'antd';
import { useState } from 'react';
import { staffApi } from '../../api/staff';
import { showServerFieldErrors } from '../../errors/field-errors';
import { reportError } from '../../errors/report-error';
import { schemaRule } from '../../forms/schema-rule';
import { STAFF_ROLE_NAMES } from '../../labels';

interface Values {
  username: string;
  displayName: string;
  role: StaffRole;
  password: string;
  confirm: string;
}

const fields = staffCreateBodySchema.shape;
export const ROLE_OPTIONS = STAFF_ROLES.map((role) => ({ value: role, label: STAFF_ROLE_NAMES[role] }));

/** Creates a staff account, or edits the name and role of one (`staff` given). */
export function StaffFormModal({ staff, isSelf, onClose, onSaved }: { staff?: Staff; isSelf?: boolean; onClose(): void; onSaved(staff: Staff): void }) {
  const [form] = Form.useForm<Values>();
  const [isBusy, setIsBusy] = useState(false);
  const submit = async (values: Values) => {
    setIsBusy(true);
    try {
      const saved = staff
        ? await staffApi.update(staff.id, { displayName: values.displayName, ...(values.role !== staff.role ? { role: values.role } : {}) })
        : await staffApi.create({ username: values.username, displayName: values.displayName, role: values.role, password: values.password });
      onSaved(saved);
    } catch (error) {
      if (!showServerFieldErrors(form, error, (path) => (typeof path[0] === 'string' ? [path[0]] : null))) reportError(error);
    } finally {
      setIsBusy(false);
    }
  };
  return (
    <Modal
      open
      title={staff ? `编辑员工 ${staff.username}` : '新建员工'}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText="保存"
      confirmLoading={isBusy}
      destroyOnHidden
    >
      <Form<Values> form={form} layout="vertical" initialValues={staff ?? { role: 'operator' }} onFinish={submit}>
        {!staff && (
          <Form.Item name="username" label="用户名（登录用）" rules={[schemaRule(fields.username)]}>
            <Input autoComplete="off" />
          </Form.Item>
        )}
        <Form.Item name="displayName" label="姓名" rules={[schemaRule(fields.displayName)]}>
          <Input maxLength={32} />
        </Form.Item>
        <Form.Item
          name="role"
          label="角色"
          rules={[schemaRule(fields.role)]}
          extra={isSelf ? '不能修改自己的角色' : '店主：全部权限；运营：商品、分类、库存、会员查看；客服、数据：只读'}
        >
          <Select options={ROLE_OPTIONS} disabled={isSelf} aria-label="角色" />
        </Form.Item>
        {!staff && <PasswordFields />}
      </Form>
    </Modal>
  );
}

/** A new password twice, checked with the shared password schema. */
export function PasswordFields() {
  return (
    <>
      <Form.Item name="password" label="密码" rules={[schemaRule(fields.password)]} extra="至少 10 个字符，建议使用一句好记的长句">
        <Input.Password autoComplete="new-password" />
      </Form.Item>
      <Form.Item
        name="confirm"
        label="再次输入密码"
        dependencies={['password']}
        rules={[
          ({ getFieldValue }) => ({
            validator: async (_rule, value: string | undefined) => {
              if (value !== getFieldValue('password')) throw new Error('两次输入的密码不一致');
            },
          }),
        ]}
      >
        <Input.Password autoComplete="new-password" />
      </Form.Item>
    </>
  );
}
