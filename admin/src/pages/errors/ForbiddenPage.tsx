import { Button, Result } from 'antd';
import { useNavigate } from 'react-router-dom';
import { useSession } from '../../auth/SessionProvider';
import { STAFF_ROLE_NAMES } from '../../labels';

/** Shown for a route the signed-in role may not use (the server refuses its API calls too). */
export function ForbiddenPage() {
  const navigate = useNavigate();
  const { staff } = useSession();
  return (
    <Result
      status="403"
      title="403 没有权限"
      subTitle={`当前角色（${staff ? STAFF_ROLE_NAMES[staff.role] : '未登录'}）不能使用此页面。如需开通，请联系店主。`}
      extra={
        <Button type="primary" onClick={() => navigate('/')}>
          返回首页
        </Button>
      }
    />
  );
}
