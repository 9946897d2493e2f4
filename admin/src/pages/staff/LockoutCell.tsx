import type { StaffListItem } from '@siyu/shared';
import dayjs from 'dayjs';
import { App, Button, Space, Tag, Tooltip, Typography } from 'antd';
import { staffApi } from '../../api/staff';
import { reportError } from '../../errors/report-error';
import { formatTime } from '../../format';

/** Failed logins that lock an account (server: 5 in a 15-minute window). */
const LOCK_AFTER_FAILURES = 5;

/** 登录安全: an account's failed logins in the current window, its lockout, and 解除锁定 for the owner. */
export function LockoutCell({ staff, onUnlocked }: { staff: StaffListItem; onUnlocked: () => void }) {
  const { message, modal } = App.useApp();
  if (staff.loginFailures === 0 && staff.lockedUntil === null) return <Typography.Text type="secondary">正常</Typography.Text>;
  const unlock = () =>
    modal.confirm({
      title: `解除 ${staff.displayName} 的登录锁定？`,
      content: '清除该账号近期的登录失败记录，员工可立即用正确密码登录。此操作会记入操作日志。',
      onOk: async () => {
        try {
          await staffApi.unlock(staff.id);
          message.success('已解除锁定');
          onUnlocked();
        } catch (error) {
          reportError(error);
        }
      },
    });
  return (
    <Space size={4} wrap>
      {staff.lockedUntil ? (
        <Tooltip title={`连续 ${staff.loginFailures} 次密码错误，锁定至 ${formatTime(staff.lockedUntil)}`}>
          <Tag color="red">已锁定至 {dayjs(staff.lockedUntil).format('HH:mm')}</Tag>
        </Tooltip>
      ) : (
        <Tag color="orange">
          失败 {staff.loginFailures}/{LOCK_AFTER_FAILURES} 次
        </Tag>
      )}
      <Button type="link" size="small" onClick={unlock} aria-label={`解除锁定 ${staff.username}`}>
        解除锁定
      </Button>
    </Space>
  );
}
