import { Text, View } from '@tarojs/components';
import type { ReactNode } from 'react';
import { formatCount, tierStyle } from '../TierBadge/tier-style';
import { tierProgress, type TierCardView } from './tier-progress';
import './index.css';

export interface TierCardProps {
  view: TierCardView;
  /** `full` on 会员中心; `compact` on 我的 (smaller, with a link to 会员中心). */
  variant?: 'full' | 'compact';
  /** A line under the progress (e.g. the points balance on 我的). */
  footer?: ReactNode;
  onClick?: () => void;
}

/** The member's card in the tier's colours: tier name, growth value, progress bar to the next tier. */
export function TierCard({ view, variant = 'full', footer, onClick }: TierCardProps) {
  const style = tierStyle(view.tierCode);
  const progress = tierProgress(view);
  return (
    <View
      className={`tier-card tier-card--${variant} tier-card--${view.tierCode}`}
      style={{ background: `linear-gradient(120deg, ${style.from} 0%, ${style.to} 100%)`, color: style.ink }}
      onClick={onClick}
    >
      <View className='tier-card__head'>
        <View className='tier-card__title'>
          <Text className='tier-card__name'>{view.tierName}会员</Text>
          <Text className='tier-card__growth'>成长值 {formatCount(view.growthValue)}</Text>
        </View>
        {variant === 'compact' ? <Text className='tier-card__link'>会员中心 ›</Text> : <Text className='tier-card__mark'>{view.tierName.slice(0, 1)}</Text>}
      </View>
      <View className='tier-card__bar' role='progressbar' aria-valuemin={0} aria-valuemax={100} aria-valuenow={progress.percent}>
        <View className='tier-card__fill' style={{ width: `${progress.percent}%`, background: style.accent }} />
      </View>
      <View className='tier-card__progress'>
        <Text className='tier-card__next'>{progress.text}</Text>
        {progress.scale ? <Text className='tier-card__scale'>{progress.scale}</Text> : null}
      </View>
      {footer ? <View className='tier-card__footer'>{footer}</View> : null}
    </View>
  );
}

export { tierProgress, type TierCardView, type TierProgress } from './tier-progress';
