import type { MessageChannel } from '@siyu/shared';
import { inappSender } from './inapp-sender';
import type { ChannelSender } from './types';
import { wecomSender } from '../wecom-messaging/sender';
import { subscribeSender } from '../subscriptions/sender';
import { smsSender } from '../sms/sender';

/**
 * The sender of each channel. Each channel's module adds its line here when its sender works; a channel
 * without one has its intents skipped ('provider_rejected', channel not configured) and their fallback tried.
 */
export const CHANNEL_SENDERS: Partial<Record<MessageChannel, ChannelSender>> = {
  inapp: inappSender,
  wecom: wecomSender,
  subscribe: subscribeSender,
  sms: smsSender,
};
