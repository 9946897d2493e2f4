import type { MessageChannel, MessagePurpose, SkipReason } from '@siyu/shared';
import type { AppDeps } from '../../deps';

/**
 * The contract between the dispatcher (this module) and each channel's sender (subscribe, sms, wecom,
 * inapp). The dispatcher claims a due intent, runs the guards (consent, PIPL switch, suppression, caps,
 * quiet hours) and then calls the channel's sender, outside any transaction; it records the outcome.
 */

/** A message intent as a sender sees it. */
export interface IntentToSend {
  id: number;
  /** The intent's unique key (journey version : member : step : occurrence …). */
  key: string;
  memberId: number;
  channel: MessageChannel;
  purpose: MessagePurpose;
  template: string;
  variables: Record<string, string>;
  link: string | null;
  /** Attempts before this one (0 on the first). */
  attempts: number;
  /** What the previous attempt stored (SMS OutId …), so status() can ask the provider. */
  providerRef: string | null;
  journeyId: number | null;
  campaignId: number | null;
  createdAt: Date;
}

export interface SendContext {
  deps: AppDeps;
  now: Date;
}

/** What a send (or a status check) came to. */
export type SendOutcome =
  /** The provider accepted it (SMS: accepted, a receipt may mark it delivered later; in-app: written). */
  | { kind: 'sent'; providerRef?: string; delivered?: boolean }
  /** WeCom: a task the owner staff must confirm; poll() again at checkAfter, give up (fallback) at waitUntil. */
  | { kind: 'waiting'; providerRef: string; checkAfter: Date; waitUntil: Date }
  /** Transient (timeout, busy, token expired): try again after a backoff. */
  | { kind: 'retry'; reason: string; afterMs?: number; providerRef?: string }
  /** Permanent for this intent (the fallback, if any, is tried): no grant, flow control, rejected … */
  | { kind: 'skip'; reason: SkipReason; detail?: string };

export interface ChannelSender {
  channel: MessageChannel;
  /**
   * Sends one intent. Must not throw for provider answers (map them to an outcome); a thrown error counts
   * as 'retry'. Called with attempts > 0 only after status() said the earlier attempt did not go out.
   */
  send(ctx: SendContext, intent: IntentToSend): Promise<SendOutcome>;
  /**
   * After a crash or a timeout (the intent was left 'sending' with a providerRef): did the earlier attempt
   * reach the provider? 'sent' / 'skip' settle it; null = it did not, send again. A channel with its own
   * idempotency (in-app's unique intent id) may omit it.
   */
  status?(ctx: SendContext, intent: IntentToSend): Promise<SendOutcome | null>;
  /** A 'waiting' intent (WeCom): the task's result now ('waiting' again to keep waiting). */
  poll?(ctx: SendContext, intent: IntentToSend): Promise<SendOutcome>;
}
