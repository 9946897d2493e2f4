import type { CouponPreviewView } from '@siyu/shared';
import { useEffect, useRef, useState } from 'react';
import { couponsApi, type CouponPreviewInput } from '../../../api/promotions';

export const PREVIEW_DELAY_MS = 400;

export interface CouponPreviewState {
  preview: CouponPreviewView | null;
  isLoading: boolean;
  /** The last failure (shown in the panel with its code and request id, not as a toast per keystroke). */
  error: unknown;
}

/**
 * What the sample cart would pay with the rule being edited: POST /preview once the input has been
 * still for PREVIEW_DELAY_MS. `null` input (an incomplete rule, an empty cart) clears the preview;
 * an answer to an older input is dropped.
 */
export function useCouponPreview(input: CouponPreviewInput | null): CouponPreviewState {
  const key = input ? JSON.stringify(input) : null;
  const [state, setState] = useState<CouponPreviewState>({ preview: null, isLoading: false, error: null });
  const generation = useRef(0);

  useEffect(() => {
    const current = ++generation.current;
    if (!key) {
      setState({ preview: null, isLoading: false, error: null });
      return undefined;
    }
    setState((previous) => ({ ...previous, isLoading: true }));
    const timer = window.setTimeout(() => {
      couponsApi
        .preview(JSON.parse(key) as CouponPreviewInput)
        .then((preview) => {
          if (current === generation.current) setState({ preview, isLoading: false, error: null });
        })
        .catch((error: unknown) => {
          if (current === generation.current) setState({ preview: null, isLoading: false, error });
        });
    }, PREVIEW_DELAY_MS);
    return () => window.clearTimeout(timer);
  }, [key]);

  return state;
}
