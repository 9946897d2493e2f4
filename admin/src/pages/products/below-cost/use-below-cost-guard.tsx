import { useCallback, useState, type ReactNode } from 'react';
import { isApiError } from '../../../api/client';
import { useSession } from '../../../auth/SessionProvider';
import { BelowCostDialog, type BelowCostItem } from './BelowCostDialog';

/** The prices a 409 BELOW_COST_CONFIRMATION_REQUIRED lists, or null for any other failure. */
export function belowCostItemsOf(error: unknown): BelowCostItem[] | null {
  if (!isApiError(error, 'BELOW_COST_CONFIRMATION_REQUIRED')) return null;
  const skus = (error.details as { skus?: unknown } | undefined)?.skus;
  return Array.isArray(skus) ? (skus as BelowCostItem[]) : [];
}

interface Pending {
  items: BelowCostItem[];
  skuLabel: (skuId: number | null) => string;
  resolve: (isConfirmed: boolean) => void;
}

export interface BelowCostGuard {
  /**
   * Runs `action` without confirmation; when the server asks for one, shows the dialog and, if the
   * owner confirms, runs it again with `confirmBelowCost`. Resolves null when the user backs out.
   */
  run<T>(action: (confirmBelowCost: boolean) => Promise<T>, skuLabel: (skuId: number | null) => string): Promise<T | null>;
  dialog: ReactNode;
}

export function useBelowCostGuard(): BelowCostGuard {
  const { can } = useSession();
  const [pending, setPending] = useState<Pending | null>(null);
  const run = useCallback(async <T,>(action: (confirmBelowCost: boolean) => Promise<T>, skuLabel: (skuId: number | null) => string) => {
    try {
      return await action(false);
    } catch (error) {
      const items = belowCostItemsOf(error);
      if (!items) throw error;
      const isConfirmed = await new Promise<boolean>((resolve) => setPending({ items, skuLabel, resolve }));
      setPending(null);
      return isConfirmed ? action(true) : null;
    }
  }, []);
  const dialog = pending && (
    <BelowCostDialog
      items={pending.items}
      skuLabel={pending.skuLabel}
      canConfirm={can('pricing:confirm_below_cost')}
      onConfirm={() => pending.resolve(true)}
      onCancel={() => pending.resolve(false)}
    />
  );
  return { run, dialog };
}
