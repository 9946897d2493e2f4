import type { SegmentDefinitionInput } from '@siyu/shared';
import { useEffect, useState } from 'react';
import { isApiError } from '../../api/client';
import { checkDefinition, problemsFromDetails, type ConditionProblems } from './segment-fields';
import { segmentsApi, type SegmentPreview } from './segments-api';

export type PreviewState =
  | { status: 'loading'; last: SegmentPreview | null }
  | { status: 'done'; result: SegmentPreview; /** The definition counted (JSON). */ key: string }
  /** The definition is not complete yet (the shared schema's problems are shown at their conditions). */
  | { status: 'incomplete' }
  | { status: 'failed'; message: string; isTooSlow: boolean };

export interface SegmentPreviewResult {
  state: PreviewState;
  /** Problems per condition: the shared schema's first, else the server's 400 details. */
  problems: ConditionProblems;
}

/** How long the definition must stay unchanged before it is counted (typing a number sends one request). */
export const PREVIEW_DEBOUNCE_MS = 400;

/**
 * The live count of a definition: checked with the shared schema on every change, then counted by
 * POST /api/admin/segments/preview once it has been still for 400 ms. An older answer never
 * overwrites a newer one (each change cancels the pending count).
 */
export function useSegmentPreview(definition: SegmentDefinitionInput): SegmentPreviewResult {
  const key = JSON.stringify(definition);
  const [state, setState] = useState<PreviewState>({ status: 'loading', last: null });
  const [serverProblems, setServerProblems] = useState<{ key: string; problems: ConditionProblems }>({ key: '', problems: {} });
  const checked = checkDefinition(definition);

  useEffect(() => {
    const check = checkDefinition(JSON.parse(key) as SegmentDefinitionInput);
    if (!check.ok) {
      setState({ status: 'incomplete' });
      return undefined;
    }
    let isCurrent = true;
    setState((current) => ({ status: 'loading', last: current.status === 'done' ? current.result : current.status === 'loading' ? current.last : null }));
    const timer = setTimeout(() => {
      segmentsApi
        .preview(JSON.parse(key) as SegmentDefinitionInput)
        .then((result) => {
          if (!isCurrent) return;
          setState({ status: 'done', result, key });
          setServerProblems({ key, problems: {} });
        })
        .catch((error: unknown) => {
          if (!isCurrent) return;
          if (isApiError(error, 'SEGMENT_DEFINITION_INVALID', 'VALIDATION_FAILED')) setServerProblems({ key, problems: problemsFromDetails(error.details) });
          setState({
            status: 'failed',
            isTooSlow: isApiError(error, 'SEGMENT_TOO_SLOW'),
            message: isApiError(error) ? error.friendlyMessage : '统计失败，请稍后重试',
          });
        });
    }, PREVIEW_DEBOUNCE_MS);
    return () => {
      isCurrent = false;
      clearTimeout(timer);
    };
  }, [key]);

  const problems = checked.ok ? (serverProblems.key === key ? serverProblems.problems : {}) : checked.problems;
  return { state, problems };
}
