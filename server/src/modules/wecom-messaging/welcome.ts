import { eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { multilineTextSchema, textSchema } from '@siyu/shared';
import { inTransaction, type ServiceContext } from '../../context';
import type { Executor } from '../../db/client';
import type { AppDeps } from '../../deps';
import { wecomWelcomeSends, wecomWelcomeSettings } from '../../db/schema';
import { AppError } from '../../lib/errors';
import { WecomApiError, type WecomAttachment } from '../../wecom/client';
import { xmlText, type XmlElement } from '../../wecom/xml';
import { recordAudit } from '../audit';
import { depsForDb, runInBackground } from './registry';

/**
 * The welcome message (messaging-protocols.md §1.5, §4 rule 14): on add_external_contact with a WelcomeCode,
 * send_welcome_msg at once — the code is valid 20 s, for one use. The callback's transaction has committed;
 * the send runs in the background right after it (the callback is answered first), never queued. A code is
 * used once (its row is unique): a re-delivered callback sends nothing; a late code (41050) or a used one
 * (41051) is recorded as failed and not retried.
 */

const SETTINGS_ID = 1;
const PAGE = /^[A-Za-z0-9_\-/.?=&%]{1,256}$/;

export const wecomWelcomeBodySchema = z
  .object({
    enabled: z.boolean(),
    text: multilineTextSchema(1000).refine((value) => Buffer.byteLength(value) <= 4000, '最多 4000 字节'),
    miniprogram: z
      .object({ title: textSchema(64), page: z.string().regex(PAGE, '小程序页面路径') })
      .strict()
      .nullable(),
  })
  .strict()
  .refine((body) => !body.enabled || body.text.trim() !== '' || body.miniprogram !== null, { message: '启用时请填写欢迎语或小程序卡片', path: ['text'] });
export type WecomWelcomeBody = z.output<typeof wecomWelcomeBodySchema>;

export interface WecomWelcomeView {
  enabled: boolean;
  text: string;
  miniprogram: { title: string; page: string } | null;
  updatedAt: string | null;
}

export async function getWelcomeSettings(db: Executor): Promise<WecomWelcomeView> {
  const [row] = await db.select().from(wecomWelcomeSettings).where(eq(wecomWelcomeSettings.id, SETTINGS_ID));
  if (!row) return { enabled: false, text: '', miniprogram: null, updatedAt: null };
  return {
    enabled: row.isEnabled,
    text: row.text,
    miniprogram: row.miniprogramTitle && row.miniprogramPage ? { title: row.miniprogramTitle, page: row.miniprogramPage } : null,
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** PUT /api/admin/messaging/wecom-welcome (journeys:write, audited). */
export async function putWelcomeSettings(sc: ServiceContext, body: WecomWelcomeBody): Promise<WecomWelcomeView> {
  const staffId = sc.staff?.id ?? null;
  await inTransaction(sc, async (tx) => {
    const before = await getWelcomeSettings(tx.db);
    const values = {
      isEnabled: body.enabled,
      text: body.text,
      miniprogramTitle: body.miniprogram?.title ?? null,
      miniprogramPage: body.miniprogram?.page ?? null,
      updatedBy: staffId,
      updatedAt: tx.now,
    };
    await tx.db
      .insert(wecomWelcomeSettings)
      .values({ id: SETTINGS_ID, ...values })
      .onConflictDoUpdate({ target: wecomWelcomeSettings.id, set: values });
    await recordAudit(tx, {
      action: 'wecom_welcome.update',
      targetType: 'wecom_welcome',
      targetId: SETTINGS_ID,
      before: { enabled: before.enabled, text: before.text, miniprogram: before.miniprogram },
      after: body,
    });
  });
  return getWelcomeSettings(sc.db);
}

/** The text and the mini-program card of a message (the card opens `page` of this shop's mini-program). */
export function wecomContent(
  deps: AppDeps,
  text: string,
  card: { title: string; page: string } | null,
): { text: string | null; attachments: WecomAttachment[] } {
  const attachments: WecomAttachment[] = card
    ? [{ msgtype: 'miniprogram', miniprogram: { title: card.title, appid: deps.config.wechat.appid, page: card.page } }]
    : [];
  return { text: text.trim() === '' ? null : text, attachments };
}

export type WelcomeResult = 'sent' | 'failed' | 'disabled' | 'duplicate' | 'no_code';

/**
 * Sends the welcome message for one add (its WelcomeCode): once per code. A WeCom error is recorded on the
 * code's row (41050 late, 41051 used) and not retried: the code cannot be used again anyway.
 */
export async function sendWelcome(deps: AppDeps, input: { welcomeCode: string; externalUserId: string; userId: string }): Promise<WelcomeResult> {
  const client = deps.wecom;
  if (!client) return 'disabled';
  const settings = await getWelcomeSettings(deps.db);
  if (!settings.enabled) return 'disabled';
  const [claimed] = await deps.db
    .insert(wecomWelcomeSends)
    .values({ welcomeCode: input.welcomeCode, externalUserId: input.externalUserId, userId: input.userId, createdAt: deps.now() })
    .onConflictDoNothing()
    .returning({ id: wecomWelcomeSends.id });
  if (!claimed) return 'duplicate';
  const content = wecomContent(deps, settings.text, settings.miniprogram);
  let errcode: number | null = null;
  let isSent = false;
  try {
    await client.sendWelcomeMsg({ welcomeCode: input.welcomeCode, ...content });
    isSent = true;
  } catch (error) {
    errcode = error instanceof WecomApiError ? error.errcode : null;
    deps.logger.warn(
      { err: error instanceof AppError || error instanceof WecomApiError ? error.message : error, externalUserId: input.externalUserId },
      'wecom: welcome message not sent',
    );
  }
  await deps.db
    .update(wecomWelcomeSends)
    .set({ status: isSent ? 'sent' : 'failed', errcode, finishedAt: deps.now() })
    .where(eq(wecomWelcomeSends.id, claimed.id));
  return isSent ? 'sent' : 'failed';
}

/**
 * The callback's hook (modules/wecom/events.ts, after the add's transaction committed): starts the welcome
 * send for an add_external_contact that carries a WelcomeCode, without waiting for it.
 */
export function welcomeOnContactAdded(sc: ServiceContext, event: XmlElement): void {
  const welcomeCode = xmlText(event, 'WelcomeCode');
  const externalUserId = xmlText(event, 'ExternalUserID');
  const userId = xmlText(event, 'UserID');
  if (!welcomeCode || welcomeCode.length > 128 || !externalUserId || !userId) return;
  const deps = depsForDb(sc.db);
  if (!deps) return;
  runInBackground(
    sendWelcome(deps, { welcomeCode, externalUserId, userId }).catch((error: unknown) => deps.logger.warn({ err: error }, 'wecom: welcome send failed')),
  );
}

/** Welcome sends, newest first (tests and support). */
export async function welcomeSendsTo(db: Executor, externalUserId: string): Promise<{ status: string; errcode: number | null }[]> {
  return db
    .select({ status: wecomWelcomeSends.status, errcode: wecomWelcomeSends.errcode })
    .from(wecomWelcomeSends)
    .where(eq(wecomWelcomeSends.externalUserId, externalUserId))
    .orderBy(sql`${wecomWelcomeSends.id} desc`);
}
