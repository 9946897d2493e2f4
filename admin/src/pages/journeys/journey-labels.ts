import type { JourneyDefinition, JourneyStatus, JourneyStep, JourneyTrigger } from '@siyu/shared';
import { JOURNEY_STATUS_NAMES, MESSAGE_CHANNEL_NAMES } from '@siyu/shared';
import { minutesText } from './journey-steps';

/** Chinese names for the journey console (statuses, triggers, conditions, step summaries). */

export const JOURNEY_STATUS_COLORS: Readonly<Record<JourneyStatus, string>> = {
  draft: 'default',
  active: 'green',
  paused: 'orange',
  archived: 'default',
};

export { JOURNEY_STATUS_NAMES };

export const PURPOSE_NAMES: Readonly<Record<string, string>> = { marketing: '营销', service: '服务通知' };

export const TRIGGER_TYPE_NAMES: Readonly<Record<JourneyTrigger['type'], string>> = {
  event: '事件发生时',
  order_unpaid: '下单未支付',
  delivered: '订单签收后',
  cart_abandoned: '加购未下单',
  birthday: '会员生日前',
  downgrade_warning: '等级即将降级',
  points_expiring: '积分即将过期',
  coupon_expiring: '优惠券即将过期',
  repurchase_due: '复购周期到期',
  segment_entered: '进入分群',
  schedule: '定时（分群）',
};

export const EVENT_NAMES: Readonly<Record<string, string>> = {
  'member.registered': '会员注册',
  'order.first_paid': '首单支付',
  'order.paid': '订单支付',
  'order.completed': '订单完成',
  'member.tier_changed': '会员等级变化',
  'member.lifecycle_changed': '生命周期变化',
};

export const REPEAT_NAMES: Readonly<Record<string, string>> = { once: '一次', daily: '每天', weekly: '每周', monthly: '每月' };

export const REENTRY_NAMES: Readonly<Record<string, string>> = { once: '只进入一次', after_exit: '结束后可再次进入', every_time: '每次触发都进入' };

export const ENROLLMENT_STATUS_NAMES: Readonly<Record<string, string>> = {
  active: '进行中',
  waiting: '等待确认',
  completed: '已走完',
  goal: '达成目标',
  exited: '已退出',
  holdout: '对照组',
};

export const INTENT_STATUS_NAMES: Readonly<Record<string, string>> = {
  pending: '待发送',
  sending: '发送中',
  waiting: '等待员工确认',
  sent: '已发送',
  delivered: '已送达',
  skipped: '已跳过',
  failed: '失败',
};

export const INTENT_STATUS_COLORS: Readonly<Record<string, string>> = {
  pending: 'default',
  sending: 'processing',
  waiting: 'gold',
  sent: 'blue',
  delivered: 'green',
  skipped: 'orange',
  failed: 'red',
};

export const CAMPAIGN_STATUS_NAMES: Readonly<Record<string, string>> = {
  draft: '草稿',
  scheduled: '待发送',
  running: '发送中',
  done: '已完成',
  cancelled: '已取消',
};

export const PREVIEW_OUTCOME_NAMES: Readonly<Record<string, string>> = {
  done: '完成',
  yes: '是',
  no: '否',
  sent: '发送',
  skipped: '跳过',
  wait: '等待',
  waiting: '等待',
  holdout: '对照组',
  exit: '退出',
  goal: '达成目标',
  end: '结束',
  loop: '循环（预览到此为止）',
};

export function triggerSummary(trigger: JourneyTrigger): string {
  switch (trigger.type) {
    case 'event':
      return `${EVENT_NAMES[trigger.event] ?? trigger.event}${trigger.direction ? (trigger.direction === 'up' ? '（升级）' : '（降级）') : ''}${trigger.toStage ? ` → ${trigger.toStage}` : ''}`;
    case 'order_unpaid':
      return `下单 ${trigger.minutes} 分钟未支付`;
    case 'delivered':
      return `签收后 ${trigger.days} 天`;
    case 'cart_abandoned':
      return `加购 ${minutesText(trigger.minutes)}未下单`;
    case 'birthday':
      return trigger.daysBefore === 0 ? '生日当天' : `生日前 ${trigger.daysBefore} 天`;
    case 'downgrade_warning':
      return `降级前 ${trigger.daysBefore} 天`;
    case 'points_expiring':
      return `积分过期前 ${trigger.daysBefore} 天`;
    case 'coupon_expiring':
      return `优惠券过期前 ${trigger.daysBefore} 天`;
    case 'repurchase_due':
      return `${trigger.byCategoryCycle ? `按品类复购周期（无数据按 ${trigger.days} 天）` : `上次购买后 ${trigger.days} 天`}${trigger.categoryId ? `（分类 #${trigger.categoryId}）` : ''}`;
    case 'segment_entered':
      return `进入分群 #${trigger.segmentId}`;
    case 'schedule':
      return `分群 #${trigger.segmentId}，${REPEAT_NAMES[trigger.repeat] ?? trigger.repeat}`;
  }
}

/** Names of the things steps refer to (coupon, tag, segment), when the editor has loaded them. */
export type NameOf = (kind: 'coupon' | 'tag' | 'segment', id: number) => string | undefined;

const noNames: NameOf = () => undefined;

/** One line saying what a step does. */
export function stepSummary(step: JourneyStep, nameOf: NameOf = noNames): string {
  const named = (kind: 'coupon' | 'tag' | 'segment', id: number, word: string) => {
    const name = nameOf(kind, id);
    return name ? ` 「${name}」` : `${word} #${id}`;
  };
  switch (step.type) {
    case 'wait':
      return step.untilTime ? `等到 ${step.untilTime}` : `等待 ${minutesText(step.minutes ?? 0)}`;
    case 'branch': {
      const condition = step.condition;
      if (condition.kind === 'segment') return `在分群${named('segment', condition.segmentId, '')}中？`;
      if (condition.kind === 'tag') return `有标签${named('tag', condition.tagId, '')}？`;
      if (condition.kind === 'ordered_since_entry') return '进入后已下单？';
      return `「${condition.stepId}」的消息已读？`;
    }
    case 'send':
      return `${MESSAGE_CHANNEL_NAMES[step.content.channel]} · ${step.content.template}${step.variants?.B ? ' · A/B' : ''}${step.fallback ? ` · 失败改发${MESSAGE_CHANNEL_NAMES[step.fallback.channel]}` : ''}`;
    case 'grant_coupon':
      return `优惠券${named('coupon', step.couponId, '')}${step.variants?.B ? ` · B 组${named('coupon', step.variants.B.couponId, '')}` : ''}`;
    case 'grant_points':
      return `${step.points} 积分（${step.reason}）`;
    case 'tag':
      return `${step.action === 'add' ? '添加' : '移除'}标签${named('tag', step.tagId, '')}`;
    case 'task':
      return `${step.kind === 'call' ? '电话回访' : '企微私聊'}：${step.title}（${step.dueInHours} 小时内）`;
  }
}

export function goalSummary(definition: JourneyDefinition): string {
  return definition.goal ? `${definition.goal.withinDays} 天内支付订单` : '无';
}
