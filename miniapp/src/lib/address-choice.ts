import type { Address } from '@siyu/shared';

/**
 * The address picked on the address list (opened from checkout in "select" mode), handed back to the
 * checkout page when it shows again. One pending choice at a time.
 */
let chosen: Address | null = null;

export function chooseAddress(address: Address): void {
  chosen = address;
}

/** The pending choice, once: reading it clears it. */
export function takeChosenAddress(): Address | null {
  const address = chosen;
  chosen = null;
  return address;
}
