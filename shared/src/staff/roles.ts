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
] as const;
export type Permission = (typeof PERMISSIONS)[number];

/** The role matrix. Owner everything; operator runs the catalog; service and analyst only read. */
export const ROLE_PERMISSIONS: Readonly<Record<StaffRole, readonly Permission[]>> = {
  owner: PERMISSIONS,
  operator: ['catalog:read', 'catalog:write', 'stock:write', 'members:read', 'orders:read'],
  service: ['catalog:read', 'members:read', 'orders:read', 'orders:manage'],
  analyst: ['catalog:read', 'members:read', 'orders:read'],
};

/** True when `role` carries `permission`. */
export function roleCan(role: StaffRole, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role].includes(permission);
}
