import { Text } from '@tarojs/components';
import { tierName, tierStyle } from './tier-style';
import './index.css';

export interface TierBadgeProps {
  tierCode: string;
  /** Words after the tier's name: "会员" (default), "专享", "价". */
  suffix?: string;
  className?: string;
}

/** A small pill in the tier's colours: "黄金会员", "钻石专享", "钻石价". */
export function TierBadge({ tierCode, suffix = '会员', className = '' }: TierBadgeProps) {
  const style = tierStyle(tierCode);
  return (
    <Text
      className={`tier-badge tier-badge--${tierCode} ${className}`}
      style={{ background: `linear-gradient(90deg, ${style.from}, ${style.to})`, color: style.ink }}
    >
      {tierName(tierCode)}
      {suffix}
    </Text>
  );
}

export { TIER_STYLES, formatCount, tierName, tierStyle, type TierStyle } from './tier-style';
