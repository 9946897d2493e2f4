import crypto from 'node:crypto';
import { signRpcV2 } from './signature';

/*
 * Aliyun SMS (Dysmsapi 2017-05-25, messaging-protocols.md §3.1) over RPC signature V2: SendBatchSms (≤ 100
 * numbers, one template, per-number parameters) and QuerySendDetails, plus the parsers of Aliyun's HTTP
 * pushes (status reports and uplink replies). `SmsClient` is the provider contract, so that Tencent Cloud
 * SMS can be added beside it.
 */

export const DEFAULT_ALIYUN_SMS_ENDPOINT = 'https://dysmsapi.aliyuncs.com';
export const SMS_BATCH_MAX = 100;

export interface SmsBatch {
  phones: string[];
  signName: string;
  templateCode: string;
  /** One object per phone (same order); every value a string. */
  params: Record<string, string>[];
  /** Our correlation id (≤ 64 chars), echoed back in the status reports. */
  outId?: string;
}

export interface SmsAccepted {
  bizId: string;
  requestId: string;
}

export interface SmsDetail {
  phone: string;
  /** 1 waiting for the receipt, 2 failed, 3 delivered. */
  sendStatus: number;
  errCode: string;
  templateCode: string;
  content: string;
  outId: string | null;
  sendDate: string;
  receiveDate: string | null;
}

/** A status report (one message's carrier receipt). */
export interface SmsReport {
  phone: string;
  success: boolean;
  errCode: string;
  bizId: string;
  outId: string | null;
  reportTime: string;
}

/** A reply the member sent to the shop's number. */
export interface SmsUplink {
  phone: string;
  content: string;
  signName: string;
  sendTime: string;
  sequenceId: string;
}

/** How the sender treats a provider error. */
export type SmsErrorKind = 'flow_control' | 'retry' | 'permanent' | 'account';

export class SmsProviderError extends Error {
  override readonly name = 'SmsProviderError';
  constructor(
    readonly code: string,
    message: string,
    readonly kind: SmsErrorKind,
  ) {
    super(`${code}: ${message}`);
  }
}

/** No answer within the timeout: the message may or may not have been accepted (check before retrying). */
export class SmsTimeoutError extends Error {
  override readonly name = 'SmsTimeoutError';
}

const FLOW_CONTROL = new Set(['isv.BUSINESS_LIMIT_CONTROL', 'isv.DAY_LIMIT_CONTROL', 'isv.MONTH_LIMIT_CONTROL']);
const RETRY = new Set(['isp.SYSTEM_ERROR', 'isp.GATEWAY_ERROR', 'Throttling', 'Throttling.User', 'ServiceUnavailable', 'InternalError', 'SignatureNonceUsed']);
/** The account, not the message, is wrong (keys, balance, permissions, clock): retried until someone fixes it. */
const ACCOUNT = new Set([
  'SignatureDoesNotMatch',
  'IncompleteSignature',
  'InvalidAccessKeyId.NotFound',
  'InvalidAccessKeyId.Inactive',
  'InvalidTimeStamp.Expired',
  'isp.RAM_PERMISSION_DENY',
  'isv.AMOUNT_NOT_ENOUGH',
  'isv.OUT_OF_SERVICE',
  'isv.DENY_IP_RANGE',
  'isv.ACCOUNT_ABNORMAL',
  'isv.ACCOUNT_NOT_EXISTS',
]);

/** Flow control (a skip for the day), transient (retry), account trouble, or permanent for this message. */
export function classifySmsError(code: string): SmsErrorKind {
  if (FLOW_CONTROL.has(code)) return 'flow_control';
  if (RETRY.has(code) || code.startsWith('Throttling')) return 'retry';
  if (ACCOUNT.has(code)) return 'account';
  return 'permanent';
}

/** The provider contract (Aliyun now; Tencent Cloud later). */
export interface SmsClient {
  readonly provider: string;
  sendBatch(batch: SmsBatch): Promise<SmsAccepted>;
  querySendDetails(query: { phone: string; sendDate: string; bizId?: string; outId?: string }): Promise<SmsDetail[]>;
  parseReport(body: unknown): SmsReport[];
  parseUplink(body: unknown): SmsUplink[];
}
export type SmsProvider = SmsClient;

export interface AliyunSmsClientOptions {
  accessKeyId: string;
  accessKeySecret: string;
  endpoint: string;
  /** At least 1 s (a shorter timeout turns slow acceptances into duplicate sends); default 5 s. */
  timeoutMs?: number;
  now?: () => number;
  fetch?: typeof fetch;
}

/** The abort of AbortSignal.timeout (a DOMException, not always `instanceof Error`), maybe as a cause. */
function isTimeout(error: unknown): boolean {
  const name = (error as { name?: unknown } | null)?.name;
  if (name === 'TimeoutError' || name === 'AbortError') return true;
  const cause = (error as { cause?: unknown } | null)?.cause;
  return cause !== undefined && cause !== error && isTimeout(cause);
}

const text = (value: unknown): string => (typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '');
const records = (body: unknown): Record<string, unknown>[] =>
  (Array.isArray(body) ? body : []).filter((item): item is Record<string, unknown> => Boolean(item) && typeof item === 'object' && !Array.isArray(item));

export class AliyunSmsClient implements SmsClient {
  readonly provider = 'aliyun';
  private readonly fetchImpl: typeof fetch;
  private readonly timeoutMs: number;

  constructor(private readonly options: AliyunSmsClientOptions) {
    this.fetchImpl = options.fetch ?? fetch;
    this.timeoutMs = Math.max(1000, options.timeoutMs ?? 5000);
  }

  async sendBatch(batch: SmsBatch): Promise<SmsAccepted> {
    if (batch.phones.length === 0 || batch.phones.length > SMS_BATCH_MAX)
      throw new SmsProviderError('isv.MOBILE_COUNT_OVER_LIMIT', `1..${SMS_BATCH_MAX} numbers`, 'permanent');
    if (batch.params.length !== batch.phones.length) throw new SmsProviderError('isv.INVALID_PARAMETERS', 'one parameter object per number', 'permanent');
    const body = await this.call('SendBatchSms', {
      PhoneNumberJson: JSON.stringify(batch.phones),
      SignNameJson: JSON.stringify(batch.phones.map(() => batch.signName)),
      TemplateCode: batch.templateCode,
      TemplateParamJson: JSON.stringify(batch.params.map((params) => Object.fromEntries(Object.entries(params).map(([k, v]) => [k, String(v)])))),
      ...(batch.outId ? { OutId: batch.outId } : {}),
    });
    return { bizId: text(body.BizId), requestId: text(body.RequestId) };
  }

  async querySendDetails(query: { phone: string; sendDate: string; bizId?: string; outId?: string }): Promise<SmsDetail[]> {
    const details: SmsDetail[] = [];
    for (let page = 1; page <= 20; page += 1) {
      const body = await this.call('QuerySendDetails', {
        PhoneNumber: query.phone,
        SendDate: query.sendDate,
        PageSize: '50',
        CurrentPage: String(page),
        ...(query.bizId ? { BizId: query.bizId } : {}),
      });
      const dtos = (body.SmsSendDetailDTOs as { SmsSendDetailDTO?: unknown } | undefined)?.SmsSendDetailDTO;
      const rows = records(dtos).map((row) => ({
        phone: text(row.PhoneNum),
        sendStatus: Number(row.SendStatus),
        errCode: text(row.ErrCode),
        templateCode: text(row.TemplateCode),
        content: text(row.Content),
        outId: text(row.OutId) || null,
        sendDate: text(row.SendDate),
        receiveDate: text(row.ReceiveDate) || null,
      }));
      details.push(...rows);
      if (rows.length < 50 || details.length >= Number(body.TotalCount ?? 0)) break;
    }
    return query.outId ? details.filter((d) => d.outId === query.outId) : details;
  }

  /** Aliyun's SmsReport push: a JSON array of `{phone_number, success, err_code, biz_id, out_id, report_time, …}`. */
  parseReport(body: unknown): SmsReport[] {
    return records(body)
      .map((row) => ({
        phone: text(row.phone_number),
        success: row.success === true || row.success === 'true',
        errCode: text(row.err_code),
        bizId: text(row.biz_id),
        outId: text(row.out_id) || null,
        reportTime: text(row.report_time),
      }))
      .filter((report) => report.bizId !== '' || report.outId !== null);
  }

  /** Aliyun's SmsUp push: a JSON array of `{phone_number, content, sign_name, send_time, dest_code, sequence_id}`. */
  parseUplink(body: unknown): SmsUplink[] {
    return records(body)
      .map((row) => ({
        phone: text(row.phone_number),
        content: text(row.content),
        signName: text(row.sign_name),
        sendTime: text(row.send_time),
        sequenceId: text(row.sequence_id),
      }))
      .filter((uplink) => /^\d{6,15}$/.test(uplink.phone));
  }

  /** One signed RPC call (POST form); `Code` other than OK throws SmsProviderError, no answer SmsTimeoutError. */
  private async call(action: string, extra: Record<string, string>): Promise<Record<string, unknown>> {
    const now = this.options.now?.() ?? Date.now();
    const params: Record<string, string> = {
      AccessKeyId: this.options.accessKeyId,
      Action: action,
      Format: 'JSON',
      RegionId: 'cn-hangzhou',
      SignatureMethod: 'HMAC-SHA1',
      SignatureNonce: crypto.randomUUID(),
      SignatureVersion: '1.0',
      Timestamp: new Date(now).toISOString().replace(/\.\d{3}Z$/, 'Z'),
      Version: '2017-05-25',
      ...extra,
    };
    params.Signature = signRpcV2('POST', params, this.options.accessKeySecret);
    let response: Response;
    try {
      response = await this.fetchImpl(`${this.options.endpoint.replace(/\/$/, '')}/`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(params).toString(),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      if (isTimeout(error)) throw new SmsTimeoutError(`${action} timed out`);
      throw new SmsProviderError('NetworkError', error instanceof Error ? error.message : String(error), 'retry');
    }
    let body: Record<string, unknown>;
    try {
      const parsed: unknown = await response.json();
      body = parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {};
    } catch (error) {
      if (isTimeout(error)) throw new SmsTimeoutError(`${action} timed out`);
      throw new SmsProviderError('isp.SYSTEM_ERROR', `HTTP ${response.status} without a JSON body`, 'retry');
    }
    const code = text(body.Code);
    if (code !== 'OK') {
      const fallback = response.status >= 500 ? 'isp.SYSTEM_ERROR' : 'isv.UNKNOWN';
      throw new SmsProviderError(code || fallback, text(body.Message), classifySmsError(code || fallback));
    }
    return body;
  }
}
