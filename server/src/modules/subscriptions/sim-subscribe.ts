import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { subscribeFieldType, subscribeValueProblem } from '@siyu/shared';
import type { Db } from '../../db/client';
import { simSubscribeGrants, simSubscribeMessages, simSubscribeTemplates, simWechatUsers } from '../../db/schema';
import { wxError } from '../../lib/sim-http';
import { DEFAULT_SUBSCRIBE_TEMPLATES } from './defaults';

type WxError = { errcode: number; errmsg: string };

export interface SubscribeSimOptions {
  appid: string;
  db: Db;
  now: () => number;
  /** 40001 / 42001 for a bad token, null for a good one (the WeChat simulator's check). */
  tokenError: (accessToken: string | undefined) => Promise<WxError | null>;
  /** Pages of the published version (a message's page must be one). */
  isPublishedPage: (page: string) => boolean;
  /** A simulated user's openid from its key (the WeChat simulator's derivation). */
  openidOf: (userKey: string) => string;
}

/** A message the simulator accepted. */
export interface SimSubscribeMessage {
  openid: string;
  templateId: string;
  page: string | null;
  data: Record<string, { value: string }>;
}

/**
 * The WeChat simulator's subscribe messages (wechat-protocols.md §3), strict like WeChat: it counts the
 * one-time grants itself (the test hook stands for the member tapping 允许) and spends one per success;
 * 40003 unknown openid, 40037 unknown template, 43101 no grant, 47003 bad data (naming the field), 41030
 * bad page. Its state is in the database, so every process on it is one WeChat.
 */
export class SubscribeSimulator {
  readonly calls = { send: 0 };

  constructor(private readonly options: SubscribeSimOptions) {}

  /** Remembers an openid WeChat knows (every login code's user). */
  async rememberUser(userKey: string): Promise<string> {
    const openid = this.options.openidOf(userKey);
    await this.options.db.insert(simWechatUsers).values({ appid: this.options.appid, openid, userKey }).onConflictDoNothing();
    return openid;
  }

  private async knowsOpenid(openid: string): Promise<boolean> {
    const [row] = await this.options.db
      .select({ openid: simWechatUsers.openid })
      .from(simWechatUsers)
      .where(and(eq(simWechatUsers.appid, this.options.appid), eq(simWechatUsers.openid, openid)));
    return Boolean(row);
  }

  /** The field keys of a template selected in the (simulated) mini-program backend, or null. */
  private async templateFields(templateId: string): Promise<string[] | null> {
    const builtIn = DEFAULT_SUBSCRIBE_TEMPLATES.find((template) => template.templateId === templateId);
    if (builtIn) return builtIn.fields.map((field) => field.key);
    const [row] = await this.options.db
      .select({ fieldKeys: simSubscribeTemplates.fieldKeys })
      .from(simSubscribeTemplates)
      .where(and(eq(simSubscribeTemplates.appid, this.options.appid), eq(simSubscribeTemplates.templateId, templateId)));
    return row?.fieldKeys ?? null;
  }

  /** Adds a template to the simulated backend (tests, or a template configured in the admin for the demo). */
  async addTemplate(templateId: string, fieldKeys: string[]): Promise<void> {
    await this.options.db
      .insert(simSubscribeTemplates)
      .values({ appid: this.options.appid, templateId, fieldKeys })
      .onConflictDoUpdate({ target: [simSubscribeTemplates.appid, simSubscribeTemplates.templateId], set: { fieldKeys } });
  }

  /** The member tapped 允许 for `templateIds`: one more grant each (what wx.requestSubscribeMessage records). */
  async accept(openid: string, templateIds: string[]): Promise<WxError | { errcode: 0; results: Record<string, 'accept'> }> {
    if (!(await this.knowsOpenid(openid))) return wxError(40003, 'invalid openid');
    for (const templateId of templateIds) if (!(await this.templateFields(templateId))) return wxError(40037, `invalid template id ${templateId}`);
    for (const templateId of templateIds) {
      await this.options.db
        .insert(simSubscribeGrants)
        .values({ appid: this.options.appid, openid, templateId, remaining: 1 })
        .onConflictDoUpdate({
          target: [simSubscribeGrants.appid, simSubscribeGrants.openid, simSubscribeGrants.templateId],
          set: { remaining: sql`${simSubscribeGrants.remaining} + 1` },
        });
    }
    return { errcode: 0, results: Object.fromEntries(templateIds.map((templateId) => [templateId, 'accept' as const])) };
  }

  /** POST /cgi-bin/message/subscribe/send. */
  async send(accessToken: string | undefined, body: Record<string, unknown>): Promise<WxError> {
    this.calls.send += 1;
    const tokenError = await this.options.tokenError(accessToken);
    if (tokenError) return tokenError;
    const { touser, template_id: templateId, page, data, miniprogram_state: state = 'formal', lang = 'zh_CN' } = body;
    if (typeof touser !== 'string' || touser === '' || touser.includes('\u0000') || !(await this.knowsOpenid(touser))) return wxError(40003, 'invalid openid');
    if (typeof templateId !== 'string' || templateId.includes('\u0000')) return wxError(40037, 'invalid template id');
    const fieldKeys = await this.templateFields(templateId);
    if (!fieldKeys) return wxError(40037, 'invalid template id');
    if (page !== undefined && (typeof page !== 'string' || page.startsWith('/') || !this.options.isPublishedPage(page.split('?')[0] ?? '')))
      return wxError(41030, 'invalid page');
    if (typeof state !== 'string' || !['developer', 'trial', 'formal'].includes(state)) return wxError(47003, 'argument invalid! miniprogram_state');
    if (typeof lang !== 'string' || !['zh_CN', 'en_US', 'zh_HK', 'zh_TW'].includes(lang)) return wxError(47003, 'argument invalid! lang');
    if (!data || typeof data !== 'object' || Array.isArray(data)) return wxError(47003, 'argument invalid! data');
    const entries = data as Record<string, unknown>;
    for (const key of Object.keys(entries)) if (!fieldKeys.includes(key)) return wxError(47003, `argument invalid! data.${key} is not in the template`);
    for (const key of fieldKeys) {
      const entry = entries[key] as { value?: unknown } | undefined;
      const value = entry && typeof entry === 'object' ? entry.value : undefined;
      const type = subscribeFieldType(key);
      if (typeof value !== 'string' || !type || subscribeValueProblem(type, value)) return wxError(47003, `argument invalid! data.${key}.value invalid`);
    }
    // One grant, spent by a conditional update: two sends racing for the last one cannot both pass.
    const spent = await this.options.db
      .update(simSubscribeGrants)
      .set({ remaining: sql`${simSubscribeGrants.remaining} - 1` })
      .where(
        and(
          eq(simSubscribeGrants.appid, this.options.appid),
          eq(simSubscribeGrants.openid, touser),
          eq(simSubscribeGrants.templateId, templateId),
          sql`${simSubscribeGrants.remaining} > 0`,
        ),
      )
      .returning({ remaining: simSubscribeGrants.remaining });
    if (spent.length === 0) return wxError(43101, 'user refuse to accept the msg');
    await this.options.db.insert(simSubscribeMessages).values({
      appid: this.options.appid,
      openid: touser,
      templateId,
      page: typeof page === 'string' ? page : null,
      data: entries,
      sentAtMs: this.options.now(),
    });
    return { errcode: 0, errmsg: 'ok' };
  }

  /** The messages sent to `openid` (or everyone), oldest first: what the tests check. */
  async sent(openid?: string): Promise<SimSubscribeMessage[]> {
    const rows = await this.options.db
      .select()
      .from(simSubscribeMessages)
      .where(and(eq(simSubscribeMessages.appid, this.options.appid), openid === undefined ? undefined : eq(simSubscribeMessages.openid, openid)))
      .orderBy(asc(simSubscribeMessages.id));
    return rows.map((row) => ({ openid: row.openid, templateId: row.templateId, page: row.page, data: row.data as Record<string, { value: string }> }));
  }

  /** Grants WeChat still counts for `openid` per template. */
  async remaining(openid: string, templateIds: string[]): Promise<Record<string, number>> {
    const rows =
      templateIds.length === 0
        ? []
        : await this.options.db
            .select()
            .from(simSubscribeGrants)
            .where(
              and(eq(simSubscribeGrants.appid, this.options.appid), eq(simSubscribeGrants.openid, openid), inArray(simSubscribeGrants.templateId, templateIds)),
            );
    return Object.fromEntries(templateIds.map((templateId) => [templateId, rows.find((row) => row.templateId === templateId)?.remaining ?? 0]));
  }
}
