import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { staffLoginBodySchema } from '@siyu/shared';
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { Navigate, useLocation, useNavigate } from 'react-router-dom';
import { ApiError } from '../../api/client';
import { useSession } from '../../auth/SessionProvider';
import { reportError } from '../../errors/report-error';
import { schemaRule } from '../../forms/schema-rule';

interface LoginValues {
  username: string;
  password: string;
}

/** Staff sign-in with username and password; the token is kept until it expires or the user logs out. */
export function LoginPage() {
  const { staff, login, notice } = useSession();
  const navigate = useNavigate();
  const location = useLocation();
  const [failure, setFailure] = useState<ApiError | null>(null);
  const [isBusy, setIsBusy] = useState(false);
  const from = (location.state as { from?: string } | null)?.from ?? '/';
  if (staff) return <Navigate to={from} replace />;

  const submit = async (values: LoginValues) => {
    setIsBusy(true);
    setFailure(null);
    try {
      await login(values.username, values.password);
      navigate(from, { replace: true });
    } catch (error) {
      if (error instanceof ApiError && error.status < 500 && error.status !== 0) setFailure(error);
      else reportError(error);
    } finally {
      setIsBusy(false);
    }
  };

  return (
    <div
      style={{
        minHeight: '100vh',
        display: 'flex',
        alignItems: 'center',
        justifyContent: 'center',
        background: 'linear-gradient(135deg, #f0f5ff 0%, #fff7e6 100%)',
      }}
    >
      <Card style={{ width: 380 }}>
        <Typography.Title level={3} style={{ textAlign: 'center', marginBottom: 4 }}>
          私域商城管理后台
        </Typography.Title>
        <Typography.Paragraph type="secondary" style={{ textAlign: 'center' }}>
          员工登录
        </Typography.Paragraph>
        {notice && !failure && <Alert type="warning" showIcon title={notice} style={{ marginBottom: 16 }} />}
        {failure && <Alert type="error" showIcon style={{ marginBottom: 16 }} title={failure.friendlyMessage} data-testid="login-error" />}
        <Form<LoginValues> layout="vertical" onFinish={submit} requiredMark={false}>
          <Form.Item name="username" label="用户名" rules={[schemaRule(staffLoginBodySchema.shape.username)]}>
            <Input prefix={<UserOutlined />} autoComplete="username" autoFocus />
          </Form.Item>
          <Form.Item name="password" label="密码" rules={[schemaRule(staffLoginBodySchema.shape.password)]}>
            <Input.Password prefix={<LockOutlined />} autoComplete="current-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={isBusy}>
            登录
          </Button>
        </Form>
      </Card>
    </div>
  );
}
