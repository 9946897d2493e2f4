import crypto from 'node:crypto';
import Router from '@koa/router';
import Koa from 'koa';
import { and, eq, inArray } from 'drizzle-orm';
import type { Db } from '../db/client';
import { simSmsMessages, simSmsNonces, simSmsSigns, simSmsTemplates } from '../db/schema';
import { verifyRpcV2 } from './signature';
import { SMS_BATCH_MAX } from './client';
import {
  business,
  flowLimitReason,
  gateway,
  querySendDetailsAnswer,
  readParams,
  shanghaiDay,
  shanghaiTime,
  templateProblem,
  templateVariables,
  VARIABLE,
  type Answer,
  type SimTemplateKind,
} from './simulator-rules';

export { SIM_SMS_MARKETING_SUFFIX, shanghaiDay, templateProblem, templateVariables, type SimTemplateKind } from './simulator-rules';

/**
 * The SMS simulator: a strict local Aliyun Dysmsapi (messaging-protocols.md §3.1, §3.4) answering SendBatchSms,
 * SendSms and QuerySendDetails over RPC signature V2. It checks the AccessKeyId, the signature, Timestamp skew
 * (≤ 15 min) and SignatureNonce reuse; the sign (registered, its scene matching the template's kind); the
 * template (approved; marketing ends with 拒收请回复R, notices never contain it); the parameters (all strings,
 * none missing, no URL, ≤ 35 chars); ≤ 100 numbers; and flow control (50 a day per sign + template + number,
 * verification codes 1/min, 5/h, 10/day per sign + number). Accepted messages are kept in sim_sms_messages and
 * answer QuerySendDetails. Test hooks push status reports (also duplicated or late) and uplink replies to the
 * app's callback URLs, and make the next call time out after it was recorded. Never beside real credentials.
 */

export const SIM_SMS_PARAM_MAX = 35;
const SKEW_MS = 15 * 60_000;
const PHONE = /^1[3-9]\d{9}$/;
/** A URL in a template variable (Aliyun: isv.PARAM_NOT_SUPPORT_URL). */
const URL_LIKE = /(https?:\/\/|www\.|[a-z0-9-]+\.(com|cn|net|org|top|xyz|io|me|cc)\b)/i;

export interface SimTemplate {
  code: string;
  kind: SimTemplateKind;
  content: string;
  status?: 'approved' | 'pending' | 'rejected';
}

export interface SmsSimulatorOptions {
  accessKeyId: string;
  accessKeySecret: string;
  db: Db;
  now?: () => number;
  /** Where status reports and uplink replies are pushed (the callback URLs set in the Aliyun console). */
  reportUrl?: string;
  uplinkUrl?: string;
  /**
   * Templates and signs the simulator does not know yet are looked up here (the demo's "registered in the
   * console": the app's approved templates); tests register theirs explicitly.
   */
  lookupTemplate?: (code: string) => Promise<(SimTemplate & { signName: string }) | null>;
  /** How long a timed-out call hangs before its (unread) answer (longer than the client's timeout). */
  hangMs?: number;
}

export class SmsSimulator {
  reportUrl: string | undefined;
  uplinkUrl: string | undefined;
  /** Calls per action in this process (test instrumentation). */
  readonly calls: Record<string, number> = {};
  private readonly now: () => number;
  private readonly db: Db;
  /** Error codes the next accepted-looking calls answer instead (fault injection). */
  private readonly faults: string[] = [];
  /** Calls that are recorded, then left without an answer until the client times out. */
  private hangs = 0;

  constructor(private readonly options: SmsSimulatorOptions) {
    this.now = options.now ?? Date.now;
    this.db = options.db;
    this.reportUrl = options.reportUrl;
    this.uplinkUrl = options.uplinkUrl;
  }

  /** The next `times` calls (after the gateway checks) answer `code` (e.g. isp.SYSTEM_ERROR). */
  failNext(code: string, times = 1): void {
    for (let i = 0; i < times; i += 1) this.faults.push(code);
  }

  /** The next `times` SendBatchSms / SendSms calls are recorded (the SMS goes out), then never answered in time. */
  timeoutNext(times = 1): void {
    this.hangs += times;
  }

  async registerSign(signName: string, scene: 'verification' | 'general'): Promise<void> {
    await this.db
      .insert(simSmsSigns)
      .values({ accessKeyId: this.options.accessKeyId, signName, scene })
      .onConflictDoUpdate({ target: [simSmsSigns.accessKeyId, simSmsSigns.signName], set: { scene } });
  }

  /** Registers (or replaces) a template; one that breaks the rules is registered as rejected. */
  async registerTemplate(template: SimTemplate): Promise<void> {
    const status = templateProblem(template.kind, template.content) ? 'rejected' : (template.status ?? 'approved');
    await this.db
      .insert(simSmsTemplates)
      .values({ accessKeyId: this.options.accessKeyId, code: template.code, kind: template.kind, content: template.content, status })
      .onConflictDoUpdate({ target: [simSmsTemplates.accessKeyId, simSmsTemplates.code], set: { kind: template.kind, content: template.content, status } });
  }

  /** Every message accepted, oldest first (optionally for one number). */
  async messages(phone?: string) {
    return this.db
      .select()
      .from(simSmsMessages)
      .where(and(eq(simSmsMessages.accessKeyId, this.options.accessKeyId), phone ? eq(simSmsMessages.phone, phone) : undefined))
      .orderBy(simSmsMessages.id);
  }

  /**
   * Pushes status reports to the app for the chosen messages (default: every one still waiting), `times`
   * times each (duplicates), and marks them. Returns the app's HTTP statuses.
   */
  async deliverReports(options: { bizId?: string; outId?: string; success?: boolean; errCode?: string; times?: number; url?: string } = {}): Promise<number[]> {
    const success = options.success ?? true;
    const errCode = options.errCode ?? (success ? 'DELIVERED' : 'MK:0001');
    const conditions = [eq(simSmsMessages.accessKeyId, this.options.accessKeyId)];
    if (options.bizId) conditions.push(eq(simSmsMessages.bizId, options.bizId));
    if (options.outId) conditions.push(eq(simSmsMessages.outId, options.outId));
    if (!options.bizId && !options.outId) conditions.push(eq(simSmsMessages.sendStatus, 1));
    const rows = await this.db
      .select()
      .from(simSmsMessages)
      .where(and(...conditions))
      .orderBy(simSmsMessages.id);
    if (rows.length === 0) return [];
    const now = this.now();
    await this.db
      .update(simSmsMessages)
      .set({ sendStatus: success ? 3 : 2, errCode, reportedAtMs: now })
      .where(
        inArray(
          simSmsMessages.id,
          rows.map((r) => r.id),
        ),
      );
    const body = rows.map((row) => ({
      phone_number: row.phone,
      send_time: shanghaiTime(row.sentAtMs),
      report_time: shanghaiTime(now),
      success,
      err_code: errCode,
      err_msg: success ? '用户接收成功' : '用户接收失败',
      sms_size: '1',
      biz_id: row.bizId,
      out_id: row.outId ?? '',
    }));
    const statuses: number[] = [];
    for (let i = 0; i < (options.times ?? 1); i += 1) statuses.push(await this.push(options.url ?? this.reportUrl, body));
    return statuses;
  }

  /** The member replies `content` (R, TD, 退订 …) from `phone`: pushed to the app's uplink URL. */
  async sendUplink(phone: string, content: string, options: { signName?: string; url?: string } = {}): Promise<number> {
    const body = [
      {
        phone_number: phone,
        send_time: shanghaiTime(this.now()),
        content,
        sign_name: options.signName ?? '',
        dest_code: '1234',
        sequence_id: Math.floor(Math.random() * 1e9),
      },
    ];
    return this.push(options.url ?? this.uplinkUrl, body);
  }

  private async push(url: string | undefined, body: unknown): Promise<number> {
    if (!url) throw new Error('SMS simulator: no callback URL');
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(10_000),
    });
    await response.text();
    return response.status;
  }

  /** The simulator as its own Koa app (tests give it a port). */
  app(): Koa {
    const app = new Koa();
    app.use(this.router().routes());
    return app;
  }

  /** The endpoint (`POST|GET <prefix>/`), to mount at `/sms-sim` beside the app. */
  router(prefix = ''): Router {
    const router = new Router({ prefix });
    const handle = async (ctx: Koa.Context) => {
      const params = await readParams(ctx);
      const answer = params ? await this.handle(ctx.method, params) : gateway(400, 'InvalidParameter', 'bad request body');
      ctx.status = answer.status;
      ctx.body = answer.body;
    };
    return router.post('/', handle).get('/', handle);
  }

  private async handle(method: string, params: Record<string, string>): Promise<Answer> {
    const action = params.Action ?? '';
    this.calls[action] = (this.calls[action] ?? 0) + 1;
    for (const name of ['AccessKeyId', 'Action', 'Signature', 'SignatureMethod', 'SignatureNonce', 'SignatureVersion', 'Timestamp', 'Version']) {
      if (!params[name]) return gateway(400, 'MissingParameter', `${name} is mandatory for this action.`);
    }
    if (params.AccessKeyId !== this.options.accessKeyId) return gateway(404, 'InvalidAccessKeyId.NotFound', 'Specified access key is not found.');
    if (params.SignatureMethod !== 'HMAC-SHA1' || params.SignatureVersion !== '1.0') return gateway(400, 'InvalidParameter', 'unsupported signature method');
    if (!verifyRpcV2(method, params, this.options.accessKeySecret))
      return gateway(400, 'SignatureDoesNotMatch', 'Specified signature is not matched with our calculation.');
    const stamp = params.Timestamp ?? '';
    const at = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/.test(stamp) ? Date.parse(stamp) : NaN;
    if (Number.isNaN(at)) return gateway(400, 'InvalidTimeStamp.Format', 'Specified time stamp is not in ISO8601 UTC.');
    if (Math.abs(at - this.now()) > SKEW_MS) return gateway(400, 'InvalidTimeStamp.Expired', 'Specified time stamp or date value is expired.');
    const nonce = (params.SignatureNonce ?? '').slice(0, 128);
    const fresh = await this.db.insert(simSmsNonces).values({ nonce, seenAtMs: this.now() }).onConflictDoNothing().returning({ nonce: simSmsNonces.nonce });
    if (fresh.length === 0) return gateway(400, 'SignatureNonceUsed', 'Specified signature nonce was used already.');
    if (params.Version !== '2017-05-25') return gateway(400, 'InvalidVersion', 'Specified parameter Version is not valid.');
    const fault = this.faults.shift();
    if (fault) return business(fault, 'simulated fault');
    if (action === 'SendBatchSms') return this.sendBatch(params);
    if (action === 'SendSms') return this.sendSingle(params);
    if (action === 'QuerySendDetails') return querySendDetailsAnswer(this.db, this.options.accessKeyId, params, this.now());
    return gateway(404, 'InvalidAction.NotFound', 'Specified api is not found, please check your url and method.');
  }

  private async sendSingle(params: Record<string, string>): Promise<Answer> {
    const phones = (params.PhoneNumbers ?? '').split(',').filter(Boolean);
    if (phones.length > 1000) return business('isv.MOBILE_COUNT_OVER_LIMIT', 'too many numbers');
    let templateParam: unknown = {};
    try {
      templateParam = params.TemplateParam ? JSON.parse(params.TemplateParam) : {};
    } catch {
      return business('isv.INVALID_JSON_PARAM', 'TemplateParam is not JSON');
    }
    return this.accept(
      phones,
      phones.map(() => params.SignName ?? ''),
      params.TemplateCode ?? '',
      phones.map(() => templateParam),
      params.OutId ?? null,
    );
  }

  private async sendBatch(params: Record<string, string>): Promise<Answer> {
    const parse = (name: string): unknown => {
      try {
        return JSON.parse(params[name] ?? '');
      } catch {
        return undefined;
      }
    };
    const phones = parse('PhoneNumberJson');
    const signs = parse('SignNameJson');
    const templateParams = params.TemplateParamJson === undefined ? [] : parse('TemplateParamJson');
    if (!Array.isArray(phones) || phones.length === 0) return business('isv.MOBILE_NUMBER_ILLEGAL', 'PhoneNumberJson must be a JSON array');
    if (phones.length > SMS_BATCH_MAX) return business('isv.MOBILE_COUNT_OVER_LIMIT', `at most ${SMS_BATCH_MAX} numbers per batch`);
    if (!Array.isArray(signs) || signs.length !== phones.length) return business('isv.SMS_SIGN_ILLEGAL', 'SignNameJson must have one sign per number');
    if (!Array.isArray(templateParams)) return business('isv.INVALID_JSON_PARAM', 'TemplateParamJson must be a JSON array');
    if (templateParams.length !== 0 && templateParams.length !== phones.length)
      return business('isv.INVALID_JSON_PARAM', 'one TemplateParamJson object per number');
    return this.accept(
      phones.map((p) => (typeof p === 'string' ? p : '')),
      signs.map((s) => (typeof s === 'string' ? s : '')),
      params.TemplateCode ?? '',
      phones.map((_, i) => (templateParams as unknown[])[i] ?? {}),
      params.OutId ?? null,
    );
  }

  private async template(code: string): Promise<typeof simSmsTemplates.$inferSelect | null> {
    const [known] = await this.db
      .select()
      .from(simSmsTemplates)
      .where(and(eq(simSmsTemplates.accessKeyId, this.options.accessKeyId), eq(simSmsTemplates.code, code)));
    if (known || !this.options.lookupTemplate) return known ?? null;
    const found = await this.options.lookupTemplate(code);
    if (!found) return null;
    await this.registerTemplate(found);
    if (found.signName) await this.registerSign(found.signName, found.kind === 'verification' ? 'verification' : 'general');
    return this.template(code);
  }

  /** The rules every number of a send passes, then one recorded message per number. */
  private async accept(phones: string[], signs: string[], templateCode: string, rawParams: unknown[], outId: string | null): Promise<Answer> {
    if (phones.some((phone) => !PHONE.test(phone))) return business('isv.MOBILE_NUMBER_ILLEGAL', 'illegal mobile number');
    if (outId !== null && outId.length > 256) return business('isv.INVALID_PARAMETERS', 'OutId too long');
    const template = await this.template(templateCode);
    if (template?.status !== 'approved') return business('isv.SMS_TEMPLATE_ILLEGAL', 'template is not approved or does not exist');
    const kind = template.kind as SimTemplateKind;
    if (templateProblem(kind, template.content)) return business('isv.SMS_TEMPLATE_ILLEGAL', 'template breaks the template rules');
    const signRows = await this.db
      .select()
      .from(simSmsSigns)
      .where(and(eq(simSmsSigns.accessKeyId, this.options.accessKeyId), inArray(simSmsSigns.signName, [...new Set(signs)])));
    const scenes = new Map(signRows.map((row) => [row.signName, row.scene]));
    for (const sign of signs) {
      const scene = scenes.get(sign);
      if (!scene) return business('isv.SMS_SIGNATURE_ILLEGAL', 'sign is not approved');
      if (scene === 'verification' && kind !== 'verification')
        return business('isv.SMS_SIGNATURE_SCENE_ILLEGAL', 'a verification sign sends verification codes only');
    }
    const variables = templateVariables(template.content);
    const params: Record<string, string>[] = [];
    for (const raw of rawParams) {
      if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return business('isv.INVALID_JSON_PARAM', 'template parameters must be a JSON object');
      const entries = Object.entries(raw as Record<string, unknown>);
      if (entries.some(([, value]) => typeof value !== 'string')) return business('isv.INVALID_JSON_PARAM', 'every template parameter value must be a string');
      const values = Object.fromEntries(entries) as Record<string, string>;
      if (variables.some((name) => values[name] === undefined)) return business('isv.TEMPLATE_MISSING_PARAMETERS', 'template parameters are missing');
      for (const name of variables) {
        const value = values[name] ?? '';
        if (URL_LIKE.test(value)) return business('isv.PARAM_NOT_SUPPORT_URL', 'a template variable may not carry a URL');
        if ([...value].length > SIM_SMS_PARAM_MAX) return business('isv.PARAM_LENGTH_LIMIT', `a template variable is at most ${SIM_SMS_PARAM_MAX} characters`);
      }
      params.push(values);
    }
    const now = this.now();
    const limited = await flowLimitReason(this.db, this.options.accessKeyId, { phones, signs, templateCode, kind }, now);
    if (limited) return business('isv.BUSINESS_LIMIT_CONTROL', limited);
    const bizId = `${String(now).slice(-9)}${crypto.randomInt(100_000_000, 999_999_999)}^0`;
    const sendDate = shanghaiDay(now);
    await this.db.insert(simSmsMessages).values(
      phones.map((phone, i) => ({
        accessKeyId: this.options.accessKeyId,
        bizId,
        outId,
        phone,
        signName: signs[i] ?? '',
        templateCode,
        params: params[i] ?? {},
        content: `【${signs[i] ?? ''}】${template.content.replace(VARIABLE, (_match: string, name: string) => params[i]?.[name] ?? '')}`,
        sendDate,
        sentAtMs: now,
      })),
    );
    const answer = business('OK', 'OK');
    answer.body.BizId = bizId;
    if (this.hangs > 0) {
      this.hangs -= 1;
      await new Promise((resolve) => setTimeout(resolve, this.options.hangMs ?? 2500));
    }
    return answer;
  }
}
