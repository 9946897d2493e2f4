/**
 * What the admin reads about experiments and the marketing calendar (issue 15): one definition for the
 * server's answers and the admin's pages.
 */

export type ArmName = 'A' | 'B' | 'holdout';

/** An experiment as listed (GET /api/admin/experiments) and heading its report. */
export interface ExperimentView {
  id: number;
  name: string;
  kind: 'journey' | 'campaign';
  journeyId: number | null;
  campaignId: number | null;
  /** The journey's or campaign's name. */
  sourceName: string | null;
  holdoutBp: number;
  splitBp: number;
  conversionDays: number;
  startedAt: string;
  endedAt: string | null;
  entrants: number;
}

/** A treated arm against the holdout, with 95 % intervals (Newcombe for conversion, Welch for GMV per member). */
export interface ArmLift {
  conversion: { diff: number; low: number; high: number };
  gmvPerMember: { diffFen: number; lowFen: number; highFen: number };
  /** GMV per member difference × the arm's entrants: the GMV the treatment added over the holdout (fen). */
  incrementalGmvFen: number;
}

export interface ArmReport {
  arm: ArmName;
  entrants: number;
  sends: number;
  conversions: number;
  conversionRate: number;
  gmvFen: number;
  gmvPerMemberFen: number;
  liftVsHoldout: ArmLift | null;
}

/** GET /api/admin/experiments/:id/report. */
export interface ExperimentReport {
  experiment: ExperimentView;
  arms: ArmReport[];
  warning: string | null;
}

export type CalendarItemKind = 'journey' | 'campaign' | 'flash_sale' | 'live_session' | 'coupon';

export interface CalendarItem {
  kind: CalendarItemKind;
  id: number;
  title: string;
  startAt: string;
  endAt: string | null;
  /** Coupons: 'claim' (领取期) or 'use' (使用期); journeys: 'run' (a schedule run). */
  phase?: 'claim' | 'use' | 'run';
}

/** GET /api/admin/marketing-calendar?month=YYYY-MM. */
export interface MarketingCalendar {
  month: string;
  days: { date: string; items: CalendarItem[] }[];
  /** Active journeys started by events (not by a schedule): running all month. */
  ongoing: CalendarItem[];
}
