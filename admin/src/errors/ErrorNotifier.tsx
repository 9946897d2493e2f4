import { App, Typography } from 'antd';
import { useEffect } from 'react';
import { setErrorNotifier } from './report-error';

/**
 * Installs the global error handler's display (antd notification) and catches promise rejections
 * nobody handled, so no failure of an API call goes unseen.
 */
export function ErrorNotifier() {
  const { notification } = App.useApp();
  useEffect(() => {
    setErrorNotifier((view) =>
      notification.error({
        key: `${view.code ?? 'error'}:${view.message}`,
        title: view.title,
        description: (
          <div data-testid="error-notification">
            {view.code && (
              <Typography.Text code data-testid="error-code">
                {view.code}
              </Typography.Text>
            )}{' '}
            {view.message !== view.title && <span>{view.message}</span>}
            {view.requestId && (
              <div>
                <Typography.Text type="secondary">请求编号 {view.requestId}</Typography.Text>
              </div>
            )}
          </div>
        ),
        duration: 6,
      }),
    );
  }, [notification]);
  return null;
}
