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
        key: `${view.code ?? 'error'}:${view.title}:${view.detail ?? ''}`,
        title: view.title,
        description: (
          <div data-testid="error-notification">
            {view.detail && <span>{view.detail}</span>}
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
