import { z } from 'zod';

/** Staff roles: owner (老板), operator (运营), service (客服), analyst (数据). */
export const STAFF_ROLES = ['owner', 'operator', 'service', 'analyst'] as const;
export const staffRoleSchema = z.enum(STAFF_ROLES);
export type StaffRole = z.infer<typeof staffRoleSchema>;

/** What a staff member may do; routes check permissions, never role names. */
export const PERMISSIONS = [
  'catalog:read',
  'catalog:write',
  'stock:write',
  'members:read',
  'staff:manage',
  'audit:read',
  'orders:read',
  /** Ship orders, review refunds. */
  'orders:manage',
  /** Confirm a private or tier price below cost (the below-cost guard). */
  'pricing:confirm_below_cost',
  /** See coupons, live sessions, flash sales, promotions and their reports. */
  'promotions:read',
  /** Create and change promotions (deep or below-cost ones then wait for an owner's approval). */
  'promotions:write',
  /** Issue coupons to members (service staff compensate customers this way). */
  'coupons:issue',
  /** Approve or reject a promotion another staff member created (maker-checker). */
  'promotions:approve',
  /** Edit the stacking matrix and the approval depth. */
  'promotions:settings',
  /** Edit tiers, perks and points rules. */
  'membership:write',
  /** Adjust a member's points or growth by hand (with a mandatory reason, audited). */
  'membership:adjust',
  /** Approve or reject product reviews before the shop shows them. */
  'reviews:moderate',
  /** See channels, their codes and the channel report (引流渠道). */
  'channels:read',
  /** Create and change channels, make entry codes, import reach (AI-call CSV, SMS send logs). */
  'channels:write',
  /** See a member's full phone number (each look is audited); everyone else sees it masked. */
  'members:phone',
  /** Tag members by hand (one, many, CSV import) and write staff notes. */
  'members:tag',
  /** Define segments, tags and tag groups, and the RFM and lifecycle settings; rebuild member facts. */
  'segments:write',
  /** See journeys, campaigns, experiments and their reports, the marketing calendar and message logs. */
  'journeys:read',
  /** Create, publish, pause journeys and campaigns; configure message templates. */
  'journeys:write',
  /** Quiet hours, frequency caps and the default holdout (the store's messaging guards). */
  'messaging:settings',
  /** See and close staff tasks (their own, and the unassigned queue). */
  'tasks:work',
  /** Read the 数据看板: the 数据概况 home, the reports, KPI progress; export them. */
  'reports:read',
  /** Set the monthly KPI targets. */
  'reports:targets',
  /** See figures per staff member (GMV of the members each one owns). */
  'reports:staff',
  /** Event retention and the 日报 settings. */
  'reports:settings',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

/** The role matrix. Owner everything; operator runs the catalog; service and analyst only read. */
export const ROLE_PERMISSIONS: Readonly<Record<StaffRole, readonly Permission[]>> = {
  owner: PERMISSIONS,
  operator: [
    'catalog:read',
    'catalog:write',
    'stock:write',
    'members:read',
    'orders:read',
    'promotions:read',
    'promotions:write',
    'coupons:issue',
    'membership:write',
    'reviews:moderate',
    'channels:read',
    'channels:write',
    'members:tag',
    'segments:write',
    'journeys:read',
    'journeys:write',
    'tasks:work',
    'reports:read',
    'reports:targets',
  ],
  service: [
    'catalog:read',
    'members:read',
    'orders:read',
    'orders:manage',
    'promotions:read',
    'coupons:issue',
    'membership:adjust',
    'reviews:moderate',
    'members:phone',
    'members:tag',
    'tasks:work',
  ],
  analyst: ['catalog:read', 'members:read', 'orders:read', 'promotions:read', 'channels:read', 'journeys:read', 'reports:read', 'reports:staff'],
};

/** True when `role` carries `permission`. */
export function roleCan(role: StaffRole, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role].includes(permission);
}
