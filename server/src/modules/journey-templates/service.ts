import { sql } from 'drizzle-orm';
import type { JourneyDefinition, JourneyTemplateKey, MessageChannel, MessagePurpose, SegmentDefinition } from '@siyu/shared';
import { inTransaction, type ServiceContext } from '../../context';
import type { Executor } from '../../db/client';
import { AppError } from '../../lib/errors';
import { queryRows } from '../../lib/sql';
import { recordAudit } from '../audit';
import { createJourney, publishJourney, type JourneyRow } from '../journeys/service';
import { JOURNEY_TEMPLATES, type JourneyTemplate, type TemplateRefs } from './definitions';

export interface JourneyTemplateView {
  key: JourneyTemplateKey;
  name: string;
  description: string;
  purpose: MessagePurpose;
  goal: string;
  channels: MessageChannel[];
  /** Journeys already enabled from it (not archived). */
  enabled: number;
  definition: JourneyDefinition;
}

/** The demo-safe coupons a template grants when the store has none: small, with a threshold, hidden, one per member. */
const TEMPLATE_COUPONS = {
  welcome: { name: '新客专享券', description: '新会员专享：满 99 减 10，领取后 7 天内有效', thresholdFen: 9900, offFen: 1000, days: 7 },
  birthday: { name: '生日专享券', description: '生日当月专享：满 199 减 20，领取后 30 天内有效', thresholdFen: 19_900, offFen: 2000, days: 30 },
} as const;

const SILENT_SEGMENT = {
  name: '沉默会员',
  description: '91–180 天没有购买的会员（生命周期：沉默），召回旅程使用',
  definition: { match: 'all', groups: [{ match: 'all', conditions: [{ type: 'lifecycle', stages: ['silent'] }] }] } as unknown as SegmentDefinition,
};

function findTemplate(key: string): JourneyTemplate {
  const template = JOURNEY_TEMPLATES.find((entry) => entry.key === key);
  if (!template) throw new AppError('JOURNEY_TEMPLATE_UNKNOWN');
  return template;
}

async function tableExists(db: Executor, name: string): Promise<boolean> {
  const [row] = await queryRows<{ found: string | null }>(db, sql`select to_regclass(${`public.${name}`})::text as found`);
  return Boolean(row?.found);
}

async function findCoupon(db: Executor, kind: keyof typeof TEMPLATE_COUPONS): Promise<number | null> {
  const [row] = await queryRows<{ id: number }>(
    db,
    sql`select id from coupon_templates where name = ${TEMPLATE_COUPONS[kind].name} and status = 'active'
          and approval_status in ('not_required', 'approved') order by id limit 1`,
  );
  return row ? Number(row.id) : null;
}

async function ensureCoupon(db: Executor, kind: keyof typeof TEMPLATE_COUPONS, staffId: number | null, now: Date): Promise<number> {
  const found = await findCoupon(db, kind);
  if (found !== null) return found;
  const coupon = TEMPLATE_COUPONS[kind];
  const [row] = await queryRows<{ id: number }>(
    db,
    sql`insert into coupon_templates (name, description, rule, scope, stacking_group, validity_kind, valid_days, visibility, face_value_fen,
          per_member_cap, status, approval_status, created_by, created_at, updated_at)
        values (${coupon.name}, ${coupon.description}, ${JSON.stringify({ kind: 'threshold_off', tiers: [{ thresholdFen: coupon.thresholdFen, offFen: coupon.offFen }] })}::jsonb,
          '{"kind":"all"}'::jsonb, 'coupon', 'after_claim', ${coupon.days}, 'hidden', ${coupon.offFen}, 1, 'active', 'not_required', ${staffId},
          ${now.toISOString()}::timestamptz, ${now.toISOString()}::timestamptz)
        returning id`,
  );
  return Number(row!.id);
}

async function findSilentSegment(db: Executor): Promise<number | null> {
  const [row] = await queryRows<{ id: number }>(db, sql`select id from segments where name = ${SILENT_SEGMENT.name} and status = 'active' order by id limit 1`);
  return row ? Number(row.id) : null;
}

async function ensureSilentSegment(db: Executor, staffId: number | null, now: Date): Promise<number> {
  const found = await findSilentSegment(db);
  if (found !== null) return found;
  const [row] = await queryRows<{ id: number }>(
    db,
    sql`insert into segments (name, description, definition, status, created_by, created_at, updated_at)
        values (${SILENT_SEGMENT.name}, ${SILENT_SEGMENT.description}, ${JSON.stringify(SILENT_SEGMENT.definition)}::jsonb, 'active', ${staffId},
          ${now.toISOString()}::timestamptz, ${now.toISOString()}::timestamptz)
        returning id`,
  );
  return Number(row!.id);
}

/** The SMS templates' variable names by code, and the message templates the definition needs that are missing. */
async function messageDependencies(db: Executor, template: JourneyTemplate): Promise<{ smsVariables: Record<string, string[]>; missing: string[] }> {
  const smsVariables: Record<string, string[]> = {};
  const missing: string[] = [];
  const smsCodes = template.needs.sms ?? [];
  if (smsCodes.length > 0) {
    const rows = (await tableExists(db, 'sms_templates'))
      ? await queryRows<{ code: string; variables: string[] }>(
          db,
          sql`select code, variables from sms_templates where code in ${sql`(${sql.join(
            smsCodes.map((code) => sql`${code}`),
            sql`, `,
          )})`}`,
        )
      : [];
    for (const code of smsCodes) {
      const row = rows.find((entry) => entry.code === code);
      if (row) smsVariables[code] = row.variables ?? [];
      else missing.push(`短信模板 ${code}`);
    }
  }
  const keys = template.needs.subscribe ?? [];
  if (keys.length > 0) {
    const rows = (await tableExists(db, 'subscribe_templates'))
      ? await queryRows<{ key: string }>(
          db,
          sql`select key from subscribe_templates where enabled and key in ${sql`(${sql.join(
            keys.map((key) => sql`${key}`),
            sql`, `,
          )})`}`,
        )
      : [];
    for (const key of keys) if (!rows.some((row) => row.key === key)) missing.push(`订阅消息模板 ${key}`);
  }
  return { smsVariables, missing };
}

async function enabledCounts(db: Executor): Promise<Map<string, number>> {
  const rows = await queryRows<{ template_key: string; count: number | string }>(
    db,
    sql`select template_key, count(*)::int as count from journeys where template_key is not null and status <> 'archived' group by template_key`,
  );
  return new Map(rows.map((row) => [row.template_key, Number(row.count)]));
}

/** GET /api/admin/journeys/templates: the nine, with their definitions as enabling would create them now. */
export async function listJourneyTemplates(sc: ServiceContext): Promise<JourneyTemplateView[]> {
  const counts = await enabledCounts(sc.db);
  const welcomeCoupon = await findCoupon(sc.db, 'welcome');
  const birthdayCoupon = await findCoupon(sc.db, 'birthday');
  const segmentId = (await findSilentSegment(sc.db)) ?? 1;
  const views: JourneyTemplateView[] = [];
  for (const template of JOURNEY_TEMPLATES) {
    const { smsVariables } = await messageDependencies(sc.db, template);
    const couponId = (template.needs.coupon === 'birthday' ? birthdayCoupon : welcomeCoupon) ?? 1;
    views.push({
      key: template.key,
      name: template.name,
      description: template.description,
      purpose: template.purpose,
      goal: template.goal,
      channels: template.channels,
      enabled: counts.get(template.key) ?? 0,
      definition: template.build({ couponId, segmentId, smsVariables, now: sc.now }),
    });
  }
  return views;
}

export interface EnabledTemplate extends JourneyRow {
  version: { id: number; version: number; publishedAt: string };
  /** Journeys enabled with it (tier_change: the downgrade notice). */
  companions: JourneyRow[];
}

/**
 * POST /api/admin/journeys/templates/:key/enable: creates and publishes the template's journey (and its
 * companions) in one transaction, finding or creating the coupon and segment it needs. 409
 * JOURNEY_TEMPLATE_ENABLED when one is already enabled (not archived) unless `again`; 409
 * JOURNEY_TEMPLATE_DEPENDENCY naming missing SMS / subscribe templates.
 */
export async function enableJourneyTemplate(sc: ServiceContext, key: string, again: boolean): Promise<EnabledTemplate> {
  const template = findTemplate(key);
  return inTransaction(sc, async (tx) => {
    // One enable of a template at a time: the check below then sees the other's journey.
    await tx.db.execute(sql`select pg_advisory_xact_lock(hashtext(${`journey-template:${template.key}`}))`);
    if (!again && ((await enabledCounts(tx.db)).get(template.key) ?? 0) > 0) throw new AppError('JOURNEY_TEMPLATE_ENABLED');
    const { smsVariables, missing } = await messageDependencies(tx.db, template);
    if (missing.length > 0) throw new AppError('JOURNEY_TEMPLATE_DEPENDENCY', `模板用到的${missing.join('、')}还不存在，请先创建`, { missing });
    const staffId = tx.staff?.id ?? null;
    const refs: TemplateRefs = {
      couponId: template.needs.coupon ? await ensureCoupon(tx.db, template.needs.coupon, staffId, tx.now) : 0,
      segmentId: template.needs.silentSegment ? await ensureSilentSegment(tx.db, staffId, tx.now) : 0,
      smsVariables,
      now: tx.now,
    };
    const enable = async (name: string, description: string, definition: JourneyDefinition) => {
      const created = await createJourney(tx.db, { name, description, templateKey: template.key, definition }, staffId);
      return publishJourney(tx.db, created.id, staffId, tx.now);
    };
    const main = await enable(template.name, template.description, template.build(refs));
    const companions: JourneyRow[] = [];
    for (const companion of template.companions ?? []) companions.push((await enable(companion.name, companion.description, companion.build(refs))).journey);
    if (tx.staff) {
      await recordAudit(tx, {
        action: 'journey_template.enable',
        targetType: 'journey',
        targetId: main.journey.id,
        after: { templateKey: template.key, journeyIds: [main.journey.id, ...companions.map((journey) => journey.id)], versionId: main.version.id },
      });
    }
    return { ...main.journey, version: main.version, companions };
  });
}
