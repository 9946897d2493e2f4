import { LoadingOutlined } from '@ant-design/icons';
import { Alert, Space, Statistic, Typography } from 'antd';
import type { PreviewState } from './use-segment-preview';

const people = (value: number) => value.toLocaleString('zh-CN');

/** "约 N 人 / 共 M 人" for the definition being built, with its loading and failure states. */
export function SegmentCount({ state }: { state: PreviewState }) {
  if (state.status === 'failed') {
    return (
      <Alert
        type={state.isTooSlow ? 'warning' : 'error'}
        showIcon
        title={state.isTooSlow ? '人数统计超时' : '人数统计失败'}
        description={state.message}
        data-testid="segment-count-error"
      />
    );
  }
  if (state.status === 'incomplete') {
    return (
      <Typography.Text type="secondary" data-testid="segment-count">
        条件未填完整，填好后自动统计人数
      </Typography.Text>
    );
  }
  const result = state.status === 'done' ? state.result : state.last;
  return (
    <Space align="center" data-testid="segment-count" aria-busy={state.status === 'loading'}>
      <Statistic
        title="预计人数"
        value={result ? `约 ${people(result.count)} 人` : '统计中'}
        suffix={result ? <Typography.Text type="secondary">/ 共 {people(result.totalMembers)} 人</Typography.Text> : null}
        styles={{ content: { opacity: state.status === 'loading' && result ? 0.45 : 1 } }}
      />
      {state.status === 'loading' && <LoadingOutlined aria-label="统计中" />}
    </Space>
  );
}
