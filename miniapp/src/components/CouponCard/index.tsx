import { Text, View } from '@tarojs/components';
import type { ReactNode } from 'react';
import type { CouponFace } from './coupon-face';
import './index.css';

export interface CouponCardProps {
  /** The big value on the left ("¥50", "8.5折", "包邮") and its condition ("满199可用"). */
  face: CouponFace;
  name: string;
  /** "2026.11.24–2026.12.31", "领取后7天内有效", "有效期至 12.31". */
  validity: string;
  /** `muted`: used, expired, not usable here: grey, no red. */
  tone?: 'normal' | 'muted';
  /** A corner tag: "推荐", "新人专享". */
  tag?: string | null;
  /** A stamp across the right side: "已领取", "已使用", "已过期", "已抢光". */
  stamp?: string | null;
  /** One line under the validity: what it saves (red), why it cannot be used (warn), or its description (muted). */
  note?: string | null;
  noteTone?: 'red' | 'warn' | 'muted';
  /** The button (or check mark) on the right. */
  action?: ReactNode;
  isSelected?: boolean;
  onClick?: () => void;
}

/** A coupon as a ticket: the value big on the left, name, validity and an action on the right. */
export function CouponCard({
  face,
  name,
  validity,
  tone = 'normal',
  tag,
  stamp,
  note,
  noteTone = 'red',
  action,
  isSelected = false,
  onClick,
}: CouponCardProps) {
  return (
    <View className={`coupon-card coupon-card--${tone} ${isSelected ? 'coupon-card--selected' : ''}`} onClick={onClick}>
      <View className='coupon-card__face'>
        <View className='coupon-card__value'>
          {face.prefix ? <Text className='coupon-card__prefix'>{face.prefix}</Text> : null}
          <Text className={`coupon-card__amount ${face.amount.length > 4 ? 'coupon-card__amount--long' : ''}`}>{face.amount}</Text>
          {face.suffix ? <Text className='coupon-card__suffix'>{face.suffix}</Text> : null}
        </View>
        <Text className='coupon-card__condition'>{face.condition}</Text>
      </View>
      <View className='coupon-card__body'>
        <View className='coupon-card__title'>
          {tag ? <Text className='coupon-card__tag'>{tag}</Text> : null}
          <Text className='coupon-card__name ellipsis-1'>{name}</Text>
        </View>
        <Text className='coupon-card__validity'>{validity}</Text>
        {note ? <Text className={`coupon-card__note coupon-card__note--${noteTone}`}>{note}</Text> : null}
      </View>
      {action ? <View className='coupon-card__action'>{action}</View> : null}
      {stamp ? <Text className='coupon-card__stamp'>{stamp}</Text> : null}
    </View>
  );
}

export { couponFace, validityUntilText, type CouponFace } from './coupon-face';
