import type { ChannelCodeBatchView, ChannelCodeView, ChannelView } from '@siyu/shared';
import type { TestStaff } from '../../testing/fixtures';
import type { TestApp } from '../../testing/test-app';

/** The playbook's package-card channel: 60,000 parcels, 11% become members, 1.5 orders each at ¥28.28. */
export function buildChannelBody(overrides: Record<string, unknown> = {}) {
  return {
    kind: 'package_card',
    name: '包裹卡 12 月',
    startsOn: '2026-12-01',
    endsOn: '2027-02-28',
    fixedCostFen: 50_000,
    unitCostMilliFen: 350_000,
    plannedReach: 60_000,
    plannedConversionBp: 1_100,
    plannedOrdersPerMemberX100: 150,
    plannedAovFen: 2_828,
    note: '',
    ...overrides,
  };
}

async function expectCreated<T>(res: { status: number; body: unknown }, what: string): Promise<T> {
  if (res.status !== 201) throw new Error(`${what}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as T;
}

export async function createChannel(t: TestApp, staff: TestStaff, overrides: Record<string, unknown> = {}): Promise<ChannelView> {
  return expectCreated(await t.request().post('/api/admin/channels').set(staff.auth).send(buildChannelBody(overrides)), 'create channel');
}

export async function createCode(t: TestApp, staff: TestStaff, channelId: number, body: Record<string, unknown> = {}): Promise<ChannelCodeView> {
  return expectCreated(await t.request().post(`/api/admin/channels/${channelId}/codes`).set(staff.auth).send(body), 'create code');
}

export async function createBatch(t: TestApp, staff: TestStaff, channelId: number, body: Record<string, unknown>): Promise<ChannelCodeBatchView> {
  return expectCreated(await t.request().post(`/api/admin/channels/${channelId}/code-batches`).set(staff.auth).send(body), 'create batch');
}
