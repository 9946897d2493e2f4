import { PlusOutlined } from '@ant-design/icons';
import type { Staff, StaffListItem, StaffRole } from '@siyu/shared';
import { App, Button, Card, Space, Switch, Table, Tag, Tooltip } from 'antd';
import { useState } from 'react';
import { staffApi } from '../../api/staff';
import { useSession } from '../../auth/SessionProvider';
import { reportError } from '../../errors/report-error';
import { formatTime } from '../../format';
import { useApiData } from '../../hooks/use-api-data';
import { STAFF_ROLE_NAMES } from '../../labels';
import { LockoutCell } from './LockoutCell';
import { PasswordResetModal } from './PasswordResetModal';
import { StaffFormModal } from './StaffFormModal';

const ROLE_COLORS: Record<StaffRole, string> = { owner: 'gold', operator: 'blue', service: 'cyan', analyst: 'purple' };

type Dialog = { kind: 'create' } | { kind: 'edit'; staff: Staff } | { kind: 'password'; staff: Staff } | null;

/** 员工 (owner only): accounts, roles, disabling, login lockouts, password resets. */
export function StaffPage() {
  const { staff: me } = useSession();
  const { message, modal } = App.useApp();
  const list = useApiData(() => staffApi.list(), []);
  const [dialog, setDialog] = useState<Dialog>(null);

  const setDisabled = (staff: Staff, isDisabled: boolean) =>
    modal.confirm({
      title: isDisabled ? `停用 ${staff.displayName}？` : `启用 ${staff.displayName}？`,
      content: isDisabled ? '停用后该员工无法登录，已登录的设备会立即退出。' : '启用后该员工可以重新登录。',
      okType: isDisabled ? 'danger' : 'primary',
      onOk: async () => {
        try {
          await staffApi.update(staff.id, { isDisabled });
          message.success(isDisabled ? '已停用' : '已启用');
          list.reload();
        } catch (error) {
          reportError(error);
        }
      },
    });

  return (
    <Card
      title="员工"
      extra={
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setDialog({ kind: 'create' })}>
          新建员工
        </Button>
      }
    >
      <Table<StaffListItem>
        rowKey="id"
        loading={list.isLoading}
        dataSource={list.data ?? []}
        pagination={false}
        data-testid="staff-table"
        columns={[
          { title: '用户名', dataIndex: 'username' },
          {
            title: '姓名',
            dataIndex: 'displayName',
            render: (name: string, staff) =>
              staff.id === me?.id ? (
                <Space>
                  {name}
                  <Tag>我</Tag>
                </Space>
              ) : (
                name
              ),
          },
          { title: '角色', dataIndex: 'role', render: (role: StaffRole) => <Tag color={ROLE_COLORS[role]}>{STAFF_ROLE_NAMES[role]}</Tag> },
          {
            title: '状态',
            key: 'enabled',
            render: (_, staff) => (
              <Tooltip title={staff.id === me?.id ? '不能停用自己' : undefined}>
                <Switch
                  checked={!staff.isDisabled}
                  checkedChildren="启用"
                  unCheckedChildren="停用"
                  disabled={staff.id === me?.id}
                  onChange={(isOn) => setDisabled(staff, !isOn)}
                  aria-label={`启用 ${staff.username}`}
                />
              </Tooltip>
            ),
          },
          { title: '登录安全', key: 'lockout', render: (_, staff) => <LockoutCell staff={staff} onUnlocked={list.reload} /> },
          { title: '创建时间', dataIndex: 'createdAt', render: formatTime },
          {
            title: '操作',
            key: 'actions',
            render: (_, staff) => (
              <Space>
                <Button type="link" size="small" onClick={() => setDialog({ kind: 'edit', staff })}>
                  编辑
                </Button>
                <Button type="link" size="small" onClick={() => setDialog({ kind: 'password', staff })}>
                  重置密码
                </Button>
              </Space>
            ),
          },
        ]}
      />
      {dialog?.kind === 'create' && (
        <StaffFormModal
          onClose={() => setDialog(null)}
          onSaved={(staff) => {
            message.success(`已创建员工 ${staff.username}`);
            setDialog(null);
            list.reload();
          }}
        />
      )}
      {dialog?.kind === 'edit' && (
        <StaffFormModal
          staff={dialog.staff}
          isSelf={dialog.staff.id === me?.id}
          onClose={() => setDialog(null)}
          onSaved={() => {
            message.success('已保存');
            setDialog(null);
            list.reload();
          }}
        />
      )}
      {dialog?.kind === 'password' && (
        <PasswordResetModal
          staff={dialog.staff}
          onClose={() => setDialog(null)}
          onDone={() => {
            message.success('密码已重置');
            setDialog(null);
          }}
        />
      )}
    </Card>
  );
}
