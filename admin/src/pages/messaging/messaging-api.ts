import type { MessageChannel, MessagingSettings } from '@siyu/shared';
import { api } from '../../api/client';
import type { Page } from '../../api/types';

/**
 * 消息 (issue 15): the store's messaging guards, the message log (intents), and the channels' templates —
 * 订阅消息模板 (server/src/modules/subscriptions) and 短信模板 (server/src/modules/sms).
 */

export interface SubscribeTemplateField {
  key: string;
  label: string;
  placeholder?: string | null;
}

export interface SubscribeTemplateView {
  id: number;
  key: string;
  templateId: string;
  title: string;
  fields: SubscribeTemplateField[];
  page: string | null;
  /** Where the shop asks for it: payment | coupon | restock | member_center. */
  scenes?: string[];
  enabled?: boolean;
  updatedAt?: string;
}

export interface SubscribeTemplateBody {
  key: string;
  templateId: string;
  title: string;
  fields: SubscribeTemplateField[];
  page?: string;
  scenes?: string[];
  enabled?: boolean;
}

export type SmsKind = 'verification' | 'notice' | 'marketing';

export interface SmsTemplateView {
  id: number;
  code: string;
  name?: string | null;
  kind: SmsKind;
  content: string;
  signName?: string;
  status: string;
  updatedAt?: string;
}

export interface SmsTemplateBody {
  code: string;
  name: string;
  kind: SmsKind;
  content: string;
  signName?: string;
  status?: string;
}

export interface IntentView {
  id: number;
  memberId: number;
  channel: MessageChannel;
  purpose: string;
  template: string;
  variables?: Record<string, string>;
  status: string;
  reason: string | null;
  /** The skip reason in Chinese (the server names the known ones). */
  reasonName?: string | null;
  journeyId: number | null;
  campaignId: number | null;
  stepId: string | null;
  arm: string | null;
  notBefore?: string | null;
  sentAt: string | null;
  createdAt: string;
}

export interface IntentFilter {
  channel?: string | null;
  status?: string | null;
  journeyId?: number | null;
  campaignId?: number | null;
  memberId?: number | null;
}

const itemsOf = <T>(body: { items: T[] } | T[]): T[] => (Array.isArray(body) ? body : body.items);

/** `{[var]}` names in an SMS template's content (`${name}`). */
export function smsVariables(content: string): string[] {
  return [...new Set([...content.matchAll(/\$\{([A-Za-z][A-Za-z0-9_]*)\}/g)].map((match) => match[1] as string))];
}

export const messagingApi = {
  settings: (signal?: AbortSignal) => api.get<MessagingSettings>('/api/admin/messaging/settings', undefined, signal),
  saveSettings: (body: MessagingSettings) => api.put<MessagingSettings>('/api/admin/messaging/settings', body),
  /** The log, newest first, filtered by the server (member, journey, campaign, status, channel). */
  intents: (filter: IntentFilter, cursor: string | null, limit: number, signal?: AbortSignal): Promise<Page<IntentView>> =>
    api.get<Page<IntentView>>('/api/admin/messaging/intents', { ...filter, cursor, limit }, signal),
  subscribeTemplates: (signal?: AbortSignal) =>
    api.get<{ items: SubscribeTemplateView[] } | SubscribeTemplateView[]>('/api/admin/messaging/subscribe-templates', undefined, signal).then(itemsOf),
  createSubscribeTemplate: (body: SubscribeTemplateBody) => api.post<SubscribeTemplateView>('/api/admin/messaging/subscribe-templates', body),
  updateSubscribeTemplate: (id: number, body: Partial<SubscribeTemplateBody>) =>
    api.patch<SubscribeTemplateView>(`/api/admin/messaging/subscribe-templates/${id}`, body),
  smsTemplates: (signal?: AbortSignal) =>
    api.get<{ items: SmsTemplateView[] } | SmsTemplateView[]>('/api/admin/messaging/sms-templates', undefined, signal).then(itemsOf),
  createSmsTemplate: (body: SmsTemplateBody) => api.post<SmsTemplateView>('/api/admin/messaging/sms-templates', body),
  updateSmsTemplate: (id: number, body: Partial<SmsTemplateBody>) => api.patch<SmsTemplateView>(`/api/admin/messaging/sms-templates/${id}`, body),
};
