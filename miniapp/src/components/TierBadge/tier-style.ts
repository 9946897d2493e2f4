import { TIER_CODES, TIER_NAMES, type TierCode } from '@siyu/shared';

/** The colours of a tier: a card gradient, its text, and an accent for bars and badges. */
export interface TierStyle {
  name: string;
  /** Card background (top-left → bottom-right). */
  from: string;
  to: string;
  /** Text on the card. */
  ink: string;
  /** Progress bar fill and badge text. */
  accent: string;
}

/** Bronze is warm copper, silver cool grey, gold honey, platinum steel blue, diamond dark with champagne. */
export const TIER_STYLES: Readonly<Record<TierCode, TierStyle>> = {
  bronze: { name: TIER_NAMES.bronze, from: '#f6e2d3', to: '#d9a57f', ink: '#5e341b', accent: '#a5623a' },
  silver: { name: TIER_NAMES.silver, from: '#f1f3f7', to: '#b7c0ce', ink: '#3c4553', accent: '#66728a' },
  gold: { name: TIER_NAMES.gold, from: '#fff3cf', to: '#efbe55', ink: '#6b400c', accent: '#c8883a' },
  platinum: { name: TIER_NAMES.platinum, from: '#dfe6f1', to: '#7d8ba6', ink: '#1f2a3d', accent: '#3f5275' },
  diamond: { name: TIER_NAMES.diamond, from: '#3a3a44', to: '#5a5060', ink: '#f5d8a0', accent: '#f5d8a0' },
};

/** A tier's style; an unknown code (a newer server) falls back to bronze. */
export function tierStyle(code: string): TierStyle {
  return (TIER_CODES as readonly string[]).includes(code) ? TIER_STYLES[code as TierCode] : TIER_STYLES.bronze;
}

/** The tier's Chinese name ("黄金"), or the code itself when unknown. */
export function tierName(code: string): string {
  return (TIER_CODES as readonly string[]).includes(code) ? TIER_NAMES[code as TierCode] : code;
}

/** 12840 → "12,840": integers (points, growth) grouped by thousands, without locale APIs. */
export function formatCount(value: number): string {
  const sign = value < 0 ? '-' : '';
  return sign + String(Math.abs(Math.trunc(value))).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}
