import type { JourneyDefinition, SendContent } from '@siyu/shared';

/** The message contents the built-in templates are made of. */

export const inapp = (title: string, content: string, link: string | null = null): SendContent => ({
  channel: 'inapp',
  template: 'text',
  variables: { title, content },
  link,
});

/** An SMS content: each of the template's variables gets its natural placeholder. */
export function smsContent(code: string, names: readonly string[]): SendContent {
  const variables: Record<string, string> = {};
  for (const name of names) {
    const lower = name.toLowerCase();
    if (lower.includes('link') || lower === 'cq' || lower.includes('url')) variables[name] = '{{link}}';
    else if (lower.includes('coupon')) variables[name] = '{{coupon.name}}';
    else if (lower.includes('shop') || lower.includes('store')) variables[name] = '{{shop.name}}';
    else if (lower.includes('tier') || lower.includes('level')) variables[name] = '{{member.tier}}';
    else if (lower.includes('order')) variables[name] = '{{order.no}}';
    else if (lower.includes('amount')) variables[name] = '{{order.amount}}';
    else variables[name] = '{{member.name}}';
  }
  return { channel: 'sms', template: code, variables, link: null };
}

/** The tier change notice (a trigger has one direction: up congratulates, down explains). */
export function tierChange(direction: 'up' | 'down'): JourneyDefinition {
  const [title, text, note] =
    direction === 'up'
      ? ['恭喜升级', '恭喜你升级为 {{tier.name}}，更多专属权益已生效。', '恭喜升级，专属权益已生效']
      : ['会员等级调整', '你的会员等级已调整为 {{tier.name}}，继续消费即可升回，查看保级规则。', '等级已调整，查看保级规则'];
  return {
    trigger: { type: 'event', event: 'member.tier_changed', direction },
    purpose: 'service',
    entryStepId: 'notify',
    steps: [
      {
        id: 'notify',
        type: 'send',
        content: { channel: 'subscribe', template: 'tier_changed', variables: { thing1: '{{tier.name}}', thing2: note }, link: null },
        fallback: inapp(title, text, 'pages/member/index'),
        next: null,
      },
    ],
    goal: null,
    reentry: { mode: 'every_time', cooldownDays: 0 },
    experiment: null,
  };
}

/** The next 10:00 China time (a daily schedule's first run; never in the quiet hours). */
export function nextChinaTen(now: Date): string {
  const chinaNow = new Date(now.getTime() + 8 * 3600 * 1000);
  const today = Date.UTC(chinaNow.getUTCFullYear(), chinaNow.getUTCMonth(), chinaNow.getUTCDate(), 10) - 8 * 3600 * 1000;
  const at = today > now.getTime() ? today : today + 86_400_000;
  return new Date(at).toISOString();
}
