import { App as AntApp, ConfigProvider } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import { useMemo } from 'react';
import { RouterProvider } from 'react-router-dom';
import { SessionProvider } from './auth/SessionProvider';
import { ErrorNotifier } from './errors/ErrorNotifier';
import { createAdminRouter } from './router';

/** Providers (antd zh-CN, messages, session) around the router. */
export function App() {
  const router = useMemo(() => createAdminRouter(), []);
  return (
    <ConfigProvider locale={zhCN} theme={{ token: { colorPrimary: '#1677ff', borderRadius: 6 } }}>
      <AntApp>
        <ErrorNotifier />
        <SessionProvider>
          <RouterProvider router={router} />
        </SessionProvider>
      </AntApp>
    </ConfigProvider>
  );
}
