/**
 * The domain events the outbox carries, with their payloads. Add a type here when a change becomes
 * interesting to a consumer; emit it with `appendEvent` inside the change's own transaction.
 */
export interface DomainEventPayloads {
  /** A member logged in for the first time. */
  'member.registered': { registeredAt: string; deviceId: string | null };
  /** An order was created (its attribution is already fixed on the order row). */
  'order.created': { payableFen: number; firstChannelId: number | null; lastChannelId: number | null; lastCodeId: number | null };
  /** An order was paid (the amount WeChat Pay captured). */
  'order.paid': { paidFen: number; paidAt: string };
  /** An unpaid order was cancelled or closed. */
  'order.cancelled': { reason: string | null };
  /** A refund succeeded: `amountFen` went back to the member on `succeededAt`. */
  'refund.succeeded': { refundId: number; amountFen: number; succeededAt: string };
  /** Touches were recorded (one event per written batch). */
  'touches.recorded': { touchIds: number[] };
  /** A member's acquisition channel was set or changed (an earlier touch surfaced). */
  'member.attributed': { channelId: number | null; codeId: number | null; firstTouchId: number | null };
  /** The member confirmed receipt, or the order completed on its own after delivery. */
  'order.completed': { completedAt: string };
  /** A member's tier changed (upgrade, downgrade, manual, seed). */
  'member.tier_changed': { fromTier: string; toTier: string; reason: string };
  /** A member's default address changed (the city fact follows it). */
  'member.address_changed': Record<string, never>;
  /** A member moved to another lifecycle stage (member facts; journeys react). */
  'member.lifecycle_changed': { from: string; to: string };
  /**
   * Behaviour events were recorded (one event per written batch). `visits` names the visitor days the batch
   * touched (China days, the device and the token's member), so the dashboards' roll-up recounts just those.
   */
  'behaviour.recorded': { count: number; visits?: { day: string; deviceId: string | null; memberId: number | null }[] };
  /** A device's anonymous events were merged into the member who logged in on it (their visitor days change). */
  'behaviour.merged': { deviceId: string; memberId: number; days: string[] };
  /** A member's consent changed: marketing on a channel, or the PIPL personalised-marketing switch (issue 15). */
  'member.consent_changed': { channel: string; granted: boolean; source: string };
  /** A journey enrollment reached an end (completed, goal, exited); experiments and reports read it. */
  'journey.exited': { journeyId: number; enrollmentId: number; status: string; reason: string | null };
}

export type DomainEventType = keyof DomainEventPayloads;

/** An event as a consumer reads it. */
export interface DomainEvent<T extends DomainEventType = DomainEventType> {
  id: number;
  txId: number;
  type: T;
  occurredAt: Date;
  memberId: number | null;
  orderId: number | null;
  payload: DomainEventPayloads[T];
}
