import { useEffect, useState } from 'react';

/**
 * Milliseconds left until `until` (an ISO time), ticking once a second and stopping at 0; null when
 * there is nothing to count down. Measured against the device clock.
 */
export function useCountdown(until: string | null): number | null {
  const target = until ? Date.parse(until) : Number.NaN;
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (Number.isNaN(target)) return undefined;
    setNow(Date.now());
    const timer = setInterval(() => {
      const current = Date.now();
      setNow(current);
      if (current >= target) clearInterval(timer);
    }, 1000);
    return () => clearInterval(timer);
  }, [target]);
  return Number.isNaN(target) ? null : Math.max(0, target - now);
}
