import { Typography } from 'antd';
import { useEffect, useState } from 'react';

/** "2天 03:04:05" / "03:04:05" for a duration in ms (0 when past). */
export function countdownText(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const days = Math.floor(total / 86_400);
  const clock = [Math.floor((total % 86_400) / 3600), Math.floor((total % 3600) / 60), total % 60].map((part) => String(part).padStart(2, '0')).join(':');
  return days > 0 ? `${days}天 ${clock}` : clock;
}

/** The server's clock minus this browser's, from a view's `serverNow` (countdowns follow the server). */
export function clockOffsetOf(serverNow: string | undefined, now = Date.now()): number {
  const server = serverNow ? Date.parse(serverNow) : Number.NaN;
  return Number.isNaN(server) ? 0 : server - now;
}

/** Ticks once a second towards `target` on the server's clock: "距开始 01:02:03". */
export function Countdown({ label, target, clockOffsetMs }: { label: string; target: string; clockOffsetMs: number }) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), 1000);
    return () => window.clearInterval(timer);
  }, []);
  const left = Date.parse(target) - (now + clockOffsetMs);
  return (
    <Typography.Text type={left < 60_000 ? 'danger' : undefined} style={{ fontVariantNumeric: 'tabular-nums' }}>
      {label} {countdownText(left)}
    </Typography.Text>
  );
}
