import type { TierReevaluationView } from '@siyu/shared';
import { Alert, Progress, Space, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { tiersApi } from '../../../api/membership';
import { reportError } from '../../../errors/report-error';
import { formatTime } from '../../../format';

/** The progress is read again this often while a re-evaluation is queued or running. */
export const REEVALUATION_POLL_MS = 1000;

export const isReevaluationActive = (view: Pick<TierReevaluationView, 'status'>) => view.status === 'queued' || view.status === 'running';

/** 0–100 of members processed (a queued run of nobody is 0 %, a finished one 100 %). */
export function reevaluationPercent(view: Pick<TierReevaluationView, 'status' | 'processed' | 'total'>): number {
  if (view.status === 'done') return 100;
  if (view.total <= 0) return 0;
  return Math.min(100, Math.floor((view.processed * 100) / view.total));
}

/** Follows re-evaluation `initial` until it is done or failed, reading it every second. */
export function useReevaluation(initial: TierReevaluationView | null): TierReevaluationView | null {
  const [view, setView] = useState(initial);
  useEffect(() => setView(initial), [initial]);
  const id = view?.id;
  const isActive = view ? isReevaluationActive(view) : false;
  useEffect(() => {
    if (id === undefined || !isActive) return undefined;
    const controller = new AbortController();
    const timer = window.setTimeout(() => {
      tiersApi
        .reevaluation(id, controller.signal)
        .then((next) => setView(next))
        .catch((error: unknown) => {
          if (!controller.signal.aborted) reportError(error);
        });
    }, REEVALUATION_POLL_MS);
    return () => {
      window.clearTimeout(timer);
      controller.abort();
    };
  }, [id, isActive, view]);
  return view;
}

const STATUS_TEXT: Readonly<Record<TierReevaluationView['status'], string>> = {
  queued: '排队中',
  running: '重新评估中',
  done: '已完成',
  failed: '失败',
};

/** A re-evaluation of every member's tier after a threshold changed, as a progress bar. */
export function ReevaluationProgress({ view }: { view: TierReevaluationView }) {
  const isActive = isReevaluationActive(view);
  const summary = isActive
    ? `已处理 ${view.processed} / ${view.total} 位会员，等级变更 ${view.changed} 人`
    : view.status === 'done'
      ? `共 ${view.total} 位会员，等级变更 ${view.changed} 人`
      : `已处理 ${view.processed} / ${view.total} 位会员：${view.error ?? '未知错误'}`;
  return (
    <Alert
      data-testid="tier-reevaluation"
      type={view.status === 'failed' ? 'error' : isActive ? 'info' : 'success'}
      showIcon
      title={`会员等级重新评估${STATUS_TEXT[view.status]}`}
      description={
        <Space orientation="vertical" style={{ width: '100%' }} size={4}>
          <Progress
            percent={reevaluationPercent(view)}
            status={view.status === 'failed' ? 'exception' : isActive ? 'active' : 'success'}
            aria-label="重新评估进度"
          />
          <Typography.Text type="secondary">
            {summary} · 开始于 {formatTime(view.createdAt)}
          </Typography.Text>
        </Space>
      }
    />
  );
}
