import type { FlashSaleView } from '@siyu/shared';

/** Where a flash sale is for the shopper, on the server's clock. */
export type FlashPhase = 'upcoming' | 'ongoing' | 'sold_out' | 'ended';

export interface FlashButton {
  label: string;
  isEnabled: boolean;
}

type SaleTimes = Pick<FlashSaleView, 'startsAt' | 'endsAt' | 'status' | 'remainingUnits'>;

/**
 * The phase at `serverNowMs`. The server's status was true at its `serverNow`; the times let the
 * page flip on its own when a start or an end passes while it is open. Stopped, ended and sold out
 * are final; the start only counts once the server's clock has passed it.
 */
export function flashPhase(sale: SaleTimes, serverNowMs: number): FlashPhase {
  if (sale.status === 'stopped' || sale.status === 'ended') return 'ended';
  if (serverNowMs >= Date.parse(sale.endsAt)) return 'ended';
  if (sale.status === 'sold_out' || sale.remainingUnits <= 0) return 'sold_out';
  if (sale.status === 'pending_approval' || serverNowMs < Date.parse(sale.startsAt)) return 'upcoming';
  return 'ongoing';
}

const BUTTONS: Readonly<Record<FlashPhase, FlashButton>> = {
  upcoming: { label: '即将开始', isEnabled: false },
  ongoing: { label: '马上抢', isEnabled: true },
  sold_out: { label: '已抢光', isEnabled: false },
  ended: { label: '已结束', isEnabled: false },
};

export function flashButton(phase: FlashPhase): FlashButton {
  return BUTTONS[phase];
}

/** Units sold as a whole percentage for the progress bar (integer arithmetic, 0–100). */
export function soldPercent(sale: Pick<FlashSaleView, 'soldUnits' | 'totalUnits'>): number {
  if (sale.totalUnits <= 0) return 0;
  return Math.min(100, Math.floor((sale.soldUnits * 100) / sale.totalUnits));
}

/** "11月24日 16:00" in China time, whatever the phone's time zone (the store runs on Beijing time). */
export function startTimeText(iso: string): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return '';
  const beijing = new Date(ms + 8 * 3_600_000);
  const two = (value: number) => String(value).padStart(2, '0');
  return `${beijing.getUTCMonth() + 1}月${beijing.getUTCDate()}日 ${two(beijing.getUTCHours())}:${two(beijing.getUTCMinutes())}`;
}
