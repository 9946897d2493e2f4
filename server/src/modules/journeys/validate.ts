import { sql } from 'drizzle-orm';
import {
  longestRendering,
  subscribeFieldType,
  unknownPlaceholders,
  subscribeValueProblem,
  type JourneyDefinition,
  type JourneyStep,
  type SendContent,
} from '@siyu/shared';
import type { Executor } from '../../db/client';
import { AppError } from '../../lib/errors';
import { queryRows } from '../../lib/sql';
import { SMS_PARAM_MAX, SMS_URL_LIKE } from '../sms/sender';
import { SMS_LINK_TICKET_VARIABLE, SMS_LINK_TOKEN_VARIABLE } from '../sms/templates';

/** One problem of a definition, in Chinese for staff; `path` points into the definition (`steps[2].next`). */
export interface JourneyIssue {
  path: string;
  message: string;
}

const TEXT_LIMIT = 500;

/** The ids a step leads to, with the field naming each. */
export function stepTargets(step: JourneyStep): { field: string; to: string | null }[] {
  if (step.type === 'branch')
    return [
      { field: 'yes', to: step.yes },
      { field: 'no', to: step.no },
    ];
  return [{ field: 'next', to: step.next }];
}

/**
 * The graph checks: ids unique, every target exists, the entry exists, every step reachable from it, no
 * loop that does not pass a wait step, message_opened naming a send step.
 */
export function structuralIssues(definition: JourneyDefinition): JourneyIssue[] {
  const issues: JourneyIssue[] = [];
  const byId = new Map<string, { step: JourneyStep; index: number }>();
  definition.steps.forEach((step, index) => {
    if (byId.has(step.id)) issues.push({ path: `steps[${index}].id`, message: `步骤 id "${step.id}" 重复` });
    else byId.set(step.id, { step, index });
  });
  if (!byId.has(definition.entryStepId)) issues.push({ path: 'entryStepId', message: `入口步骤 "${definition.entryStepId}" 不存在` });
  definition.steps.forEach((step, index) => {
    for (const target of stepTargets(step)) {
      if (target.to !== null && !byId.has(target.to))
        issues.push({ path: `steps[${index}].${target.field}`, message: `步骤 "${step.id}" 指向的步骤 "${target.to}" 不存在` });
    }
    if (step.type === 'wait') {
      if ((step.minutes === undefined) === (step.untilTime === undefined))
        issues.push({ path: `steps[${index}]`, message: `等待步骤 "${step.id}" 需设置等待分钟数或到点时间（二选一）` });
    }
    if (step.type === 'branch' && step.condition.kind === 'message_opened') {
      const sent = byId.get(step.condition.stepId);
      if (!sent || sent.step.type !== 'send')
        issues.push({ path: `steps[${index}].condition.stepId`, message: `步骤 "${step.id}" 判断的发送步骤 "${step.condition.stepId}" 不存在` });
    }
  });
  // Reachability from the entry.
  if (byId.has(definition.entryStepId)) {
    const reached = new Set<string>();
    const queue = [definition.entryStepId];
    while (queue.length > 0) {
      const current = queue.pop()!;
      if (reached.has(current) || !byId.has(current)) continue;
      reached.add(current);
      for (const target of stepTargets(byId.get(current)!.step)) if (target.to !== null) queue.push(target.to);
    }
    definition.steps.forEach((step, index) => {
      if (!reached.has(step.id) && byId.get(step.id)?.index === index) issues.push({ path: `steps[${index}]`, message: `步骤 "${step.id}" 从入口无法到达` });
    });
  }
  // Loops: a cycle among non-wait steps would run forever in one go.
  const colour = new Map<string, 1 | 2>();
  const reported = new Set<string>();
  const visit = (id: string, trail: string[]): void => {
    colour.set(id, 1);
    for (const target of stepTargets(byId.get(id)!.step)) {
      const to = target.to;
      if (to === null || !byId.has(to) || byId.get(to)!.step.type === 'wait') continue;
      if (colour.get(to) === 1) {
        const loop = [...trail.slice(trail.indexOf(to)), to];
        if (!reported.has(to)) {
          reported.add(to);
          issues.push({ path: `steps[${byId.get(to)!.index}]`, message: `步骤 ${loop.map((s) => `"${s}"`).join(' → ')} 形成循环，循环中必须有等待步骤` });
        }
      } else if (!colour.has(to)) visit(to, [...trail, to]);
    }
    colour.set(id, 2);
  };
  for (const [id, { step }] of byId) if (step.type !== 'wait' && !colour.has(id)) visit(id, [id]);
  return issues;
}

async function tableExists(db: Executor, table: string): Promise<boolean> {
  const [row] = await queryRows<{ present: boolean }>(db, sql`select to_regclass(${table}) is not null as present`);
  return row?.present === true;
}

function textIssues(path: string, text: string): JourneyIssue[] {
  return unknownPlaceholders(text).map((name) => ({ path, message: `未知的占位符 {{${name}}}` }));
}

/**
 * The checks of one message's content, for a journey's send step and a campaign's message alike: the template
 * exists and suits the purpose, every variable is there, and each value fits the channel's limits at its longest
 * rendering (WeChat's keyword rules, Aliyun's 35 characters and no links, 500 characters elsewhere). `label` opens
 * each message (`步骤 "s1"`, `A 版本`); `path` is where the content sits.
 */
export async function sendContentIssues(
  db: Executor,
  content: SendContent,
  { purpose, path, label }: { purpose: JourneyDefinition['purpose']; path: string; label: string },
): Promise<JourneyIssue[]> {
  const issues: JourneyIssue[] = [];
  const variables = Object.entries(content.variables);
  for (const [key, text] of variables) issues.push(...textIssues(`${path}.variables.${key}`, text));
  if (content.channel === 'subscribe') {
    if (purpose !== 'service') issues.push({ path: `${path}.channel`, message: `${label}：订阅消息只能发送服务通知` });
    const fields = (await tableExists(db, 'subscribe_templates'))
      ? await queryRows<{ fields: { key: string; label: string }[] }>(
          db,
          sql`select fields from subscribe_templates where key = ${content.template} and enabled`,
        )
      : [];
    if (fields.length === 0) {
      issues.push({ path: `${path}.template`, message: `${label}：订阅消息模板 "${content.template}" 不存在或已停用` });
      return issues;
    }
    const templateFields = fields[0]!.fields ?? [];
    for (const field of templateFields)
      if (!(field.key in content.variables))
        issues.push({ path: `${path}.variables.${field.key}`, message: `${label}：缺少字段 ${field.key}（${field.label}）` });
    for (const [key, text] of variables) {
      const type = subscribeFieldType(key);
      if (!type) {
        issues.push({ path: `${path}.variables.${key}`, message: `${label}：${key} 不是订阅消息的字段` });
        continue;
      }
      if (unknownPlaceholders(text).length > 0) continue;
      const problem = subscribeValueProblem(type, longestRendering(text));
      if (problem) issues.push({ path: `${path}.variables.${key}`, message: `${label} 字段 ${key}：${problem}` });
    }
  } else if (content.channel === 'sms') {
    const rows = (await tableExists(db, 'sms_templates'))
      ? await queryRows<{ kind: string; variables: string[] }>(db, sql`select kind, variables from sms_templates where code = ${content.template}`)
      : [];
    const template = rows[0];
    if (!template) {
      issues.push({ path: `${path}.template`, message: `${label}：短信模板 "${content.template}" 不存在` });
      return issues;
    }
    if (purpose === 'marketing' && template.kind !== 'marketing') issues.push({ path: `${path}.template`, message: `${label}：营销消息须使用营销类短信模板` });
    if (template.kind === 'verification') issues.push({ path: `${path}.template`, message: `${label}：不能使用验证码短信模板` });
    // The link's ticket and token are the sender's to fill (sms/sender.ts): a content need not give them.
    const senderFilled = new Set([SMS_LINK_TOKEN_VARIABLE, SMS_LINK_TICKET_VARIABLE]);
    for (const name of template.variables ?? [])
      if (!senderFilled.has(name) && !(name in content.variables))
        issues.push({ path: `${path}.variables.${name}`, message: `${label}：缺少短信变量 ${name}` });
    // Aliyun refuses a parameter over its length limit: the sender would skip every such message template_invalid.
    for (const [key, text] of variables) {
      if (senderFilled.has(key) || unknownPlaceholders(text).length > 0) continue;
      const length = [...longestRendering(text)].length;
      if (length > SMS_PARAM_MAX)
        issues.push({ path: `${path}.variables.${key}`, message: `${label} 短信变量 ${key}：不超过 ${SMS_PARAM_MAX} 字（最长可达 ${length} 字）` });
      // Aliyun refuses a link in a variable (isv.PARAM_NOT_SUPPORT_URL): links belong in the template's fixed text.
      if (SMS_URL_LIKE.test(text))
        issues.push({ path: `${path}.variables.${key}`, message: `${label} 短信变量 ${key}：不能含链接（阿里云不允许），链接请写在模板正文中` });
    }
  } else {
    const body = content.variables.content;
    if (!body) issues.push({ path: `${path}.variables.content`, message: `${label}：缺少消息内容` });
    if (content.channel === 'inapp' && !content.variables.title) issues.push({ path: `${path}.variables.title`, message: `${label}：站内信需要标题` });
    for (const [key, text] of variables) {
      const length = [...longestRendering(text)].length;
      if (length > TEXT_LIMIT)
        issues.push({ path: `${path}.variables.${key}`, message: `${label} 字段 ${key}：不超过 ${TEXT_LIMIT} 字（最长可达 ${length} 字）` });
    }
  }
  return issues;
}

/** References: segments, tags, coupons exist and are usable; every send's content fits its channel. */
export async function referenceIssues(db: Executor, definition: JourneyDefinition, now: Date): Promise<JourneyIssue[]> {
  const issues: JourneyIssue[] = [];
  const trigger = definition.trigger;
  if ((trigger.type === 'segment_entered' || trigger.type === 'schedule') && !(await segmentActive(db, trigger.segmentId)))
    issues.push({ path: 'trigger.segmentId', message: `分群 ${trigger.segmentId} 不存在或已归档` });
  for (const [index, step] of definition.steps.entries()) {
    const at = `steps[${index}]`;
    // A B version goes to arm B only: without an experiment that has a B arm it would never be used.
    if ((step.type === 'send' || step.type === 'grant_coupon') && step.variants?.B && !((definition.experiment?.splitBp ?? 0) > 0))
      issues.push({ path: `${at}.variants.B`, message: `步骤 "${step.id}"：B 版本需要实验且 B 组比例大于 0` });
    if (step.type === 'branch') {
      const condition = step.condition;
      if (condition.kind === 'segment' && !(await segmentActive(db, condition.segmentId)))
        issues.push({ path: `${at}.condition.segmentId`, message: `步骤 "${step.id}"：分群 ${condition.segmentId} 不存在或已归档` });
      if (condition.kind === 'tag') {
        const [tag] = await queryRows<{ id: number }>(db, sql`select id from tags where id = ${condition.tagId}`);
        if (!tag) issues.push({ path: `${at}.condition.tagId`, message: `步骤 "${step.id}"：标签 ${condition.tagId} 不存在` });
      }
    } else if (step.type === 'tag') {
      const [tag] = await queryRows<{ kind: string; status: string }>(db, sql`select kind, status from tags where id = ${step.tagId}`);
      if (!tag) issues.push({ path: `${at}.tagId`, message: `步骤 "${step.id}"：标签 ${step.tagId} 不存在` });
      else if (tag.kind !== 'manual' || tag.status !== 'active') issues.push({ path: `${at}.tagId`, message: `步骤 "${step.id}"：只能增减启用中的手动标签` });
    } else if (step.type === 'grant_coupon') {
      const lures: [string, number][] = [[`${at}.couponId`, step.couponId]];
      if (step.variants?.B) lures.push([`${at}.variants.B.couponId`, step.variants.B.couponId]);
      for (const [path, couponId] of lures) {
        const [coupon] = await queryRows<{ status: string; approval_status: string; validity_kind: string; valid_to: Date | string | null }>(
          db,
          sql`select status, approval_status, validity_kind, valid_to from coupon_templates where id = ${couponId}`,
        );
        if (!coupon) issues.push({ path, message: `步骤 "${step.id}"：优惠券 ${couponId} 不存在` });
        else if (
          coupon.status !== 'active' ||
          !['not_required', 'approved'].includes(coupon.approval_status) ||
          (coupon.validity_kind === 'window' && coupon.valid_to !== null && new Date(coupon.valid_to).getTime() <= now.getTime())
        )
          issues.push({ path, message: `步骤 "${step.id}"：优惠券 ${couponId} 已停发、未审批或已过期` });
      }
    } else if (step.type === 'send') {
      const check = (content: SendContent, path: string) => sendContentIssues(db, content, { purpose: definition.purpose, path, label: `步骤 "${step.id}"` });
      issues.push(...(await check(step.content, `${at}.content`)));
      if (step.variants?.B) issues.push(...(await check(step.variants.B, `${at}.variants.B`)));
      if (step.fallback) issues.push(...(await check(step.fallback, `${at}.fallback`)));
    } else if (step.type === 'task') {
      issues.push(...textIssues(`${at}.script`, step.script), ...textIssues(`${at}.title`, step.title));
    }
  }
  return issues;
}

async function segmentActive(db: Executor, segmentId: number): Promise<boolean> {
  const [row] = await queryRows<{ id: number }>(db, sql`select id from segments where id = ${segmentId} and status = 'active'`);
  return row !== undefined;
}

/** Every publish-time problem of the definition (graph first; references only when the graph is sound). */
export async function journeyIssues(db: Executor, definition: JourneyDefinition, now: Date): Promise<JourneyIssue[]> {
  const structural = structuralIssues(definition);
  return [...structural, ...(await referenceIssues(db, definition, now))];
}

/** Throws 422 JOURNEY_INVALID with details [{ path, message }] when the definition cannot be published. */
export async function assertPublishable(db: Executor, definition: JourneyDefinition, now: Date): Promise<void> {
  const issues = await journeyIssues(db, definition, now);
  if (issues.length > 0) throw new AppError('JOURNEY_INVALID', undefined, issues);
}
