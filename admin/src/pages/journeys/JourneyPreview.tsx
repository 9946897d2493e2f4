import type { JourneyDefinition } from '@siyu/shared';
import { Button, Empty, InputNumber, Space, Timeline, Typography } from 'antd';
import { useState } from 'react';
import { reportError } from '../../errors/report-error';
import { PREVIEW_OUTCOME_NAMES, stepSummary } from './journey-labels';
import { stepById, STEP_TYPE_NAMES, type StepType } from './journey-steps';
import { journeysApi, type PreviewStep } from './journeys-api';

/** 预览路径: the steps a member would take through the journey now (nothing is sent). */
export function JourneyPreview({ journeyId, definition }: { journeyId: number; definition: JourneyDefinition }) {
  const [memberId, setMemberId] = useState<number | null>(null);
  const [steps, setSteps] = useState<PreviewStep[] | null>(null);
  const [isLoading, setIsLoading] = useState(false);

  const preview = async () => {
    if (!memberId) return;
    setIsLoading(true);
    try {
      setSteps((await journeysApi.preview(journeyId, memberId)).steps);
    } catch (error) {
      reportError(error);
    } finally {
      setIsLoading(false);
    }
  };

  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Space>
        <InputNumber
          aria-label="会员 ID"
          placeholder="会员 ID"
          min={1}
          precision={0}
          value={memberId}
          onChange={(value) => setMemberId(value ? Number(value) : null)}
        />
        <Button onClick={preview} loading={isLoading} disabled={!memberId} data-testid="journey-preview-run">
          预览路径
        </Button>
        <Typography.Text type="secondary">按当前发布版本与会员现在的数据推演，不会发送任何消息。</Typography.Text>
      </Space>
      {steps === null ? null : steps.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="该会员不会进入此旅程" />
      ) : (
        <Timeline
          data-testid="journey-preview"
          items={steps.map((step, index) => {
            const found = stepById(definition, step.stepId);
            return {
              key: `${step.stepId}-${index}`,
              color: step.outcome === 'skipped' || step.outcome === 'exit' ? 'red' : step.outcome === 'no' ? 'orange' : 'green',
              content: (
                <div>
                  <strong>{STEP_TYPE_NAMES[step.type as StepType] ?? step.type}</strong> · {step.stepId} → {PREVIEW_OUTCOME_NAMES[step.outcome] ?? step.outcome}
                  {found && <div style={{ color: '#8c8c8c' }}>{stepSummary(found)}</div>}
                  {step.note && <div style={{ color: '#8c8c8c' }}>{step.note}</div>}
                </div>
              ),
            };
          })}
        />
      )}
    </Space>
  );
}
