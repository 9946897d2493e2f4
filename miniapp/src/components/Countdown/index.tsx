import { Text, View } from '@tarojs/components';
import { useEffect, useRef, useState } from 'react';
import { durationParts, formatDuration, msUntil, serverNowMs } from './server-clock';
import './index.css';

export interface CountdownProps {
  /** The ISO time counted down to (a start or an end). */
  until: string;
  /** Server clock − device clock (api/promotions.ts `clockOffsetMs`). */
  offsetMs: number;
  /** Words before the digits: "距开始", "距结束". */
  label?: string;
  /** Called once when the count reaches 0 while shown (not when it was already over at mount). */
  onEnd?: () => void;
  /** `blocks`: digits in little boxes (strips, cards); `text`: inline digits. */
  variant?: 'blocks' | 'text';
  className?: string;
}

const two = (value: number) => String(value).padStart(2, '0');

/** A countdown on the server's clock, ticking once a second and stopping at 00:00:00. */
export function Countdown({ until, offsetMs, label, onEnd, variant = 'blocks', className = '' }: CountdownProps) {
  const [remaining, setRemaining] = useState(() => msUntil(until, serverNowMs(offsetMs)));
  const onEndRef = useRef(onEnd);
  onEndRef.current = onEnd;

  useEffect(() => {
    const remainingAt = () => msUntil(until, serverNowMs(offsetMs));
    const first = remainingAt();
    setRemaining(first);
    if (first <= 0) return undefined;
    const timer = setInterval(() => {
      const left = remainingAt();
      setRemaining(left);
      if (left <= 0) {
        clearInterval(timer);
        onEndRef.current?.();
      }
    }, 1000);
    return () => clearInterval(timer);
  }, [until, offsetMs]);

  const text = formatDuration(remaining);
  const { days, hours, minutes, seconds } = durationParts(remaining);
  return (
    <View className={`countdown countdown--${variant} ${className}`} role='timer' aria-label={`${label ?? ''}${text}`}>
      {label ? <Text className='countdown__label'>{label}</Text> : null}
      {variant === 'text' ? (
        <Text className='countdown__text'>{text}</Text>
      ) : (
        <View className='countdown__blocks'>
          {days > 0 ? <Text className='countdown__days'>{days}天</Text> : null}
          <Text className='countdown__block'>{two(hours)}</Text>
          <Text className='countdown__colon'>:</Text>
          <Text className='countdown__block'>{two(minutes)}</Text>
          <Text className='countdown__colon'>:</Text>
          <Text className='countdown__block'>{two(seconds)}</Text>
        </View>
      )}
    </View>
  );
}

export { formatDuration, msUntil, serverNowMs, useServerNow } from './server-clock';
