import Router from '@koa/router';
import getRawBody from 'raw-body';
import { z } from 'zod';
import { wecomCodeBodySchema, wecomCodeParamsSchema } from '@siyu/shared';
import { serviceContext } from '../../context';
import type { AppDeps } from '../../deps';
import { requireStaff } from '../../http/auth-guards';
import type { AppContext, AppRouter } from '../../http/types';
import { parseInput } from '../../http/validate';
import { AppError } from '../../lib/errors';
import { WXBIZ_ERRORS, WxBizMsgCrypt, WxBizMsgCryptError } from '../../wecom/crypto';
import { parseWecomXml, xmlText, XmlParseError, type XmlElement } from '../../wecom/xml';
import { createWecomCode } from './codes';
import { enrichInBackground } from './enrich';
import { applyWecomEvent } from './events';

/** The callback's path (its router reads its own XML bodies: it is mounted before the JSON body parser). */
export const WECOM_CALLBACK_PATH = '/api/wecom/callback';
/** Older (or later) timestamps are refused as replays. The SDK does not check; this is our rule. */
const MAX_AGE_SECONDS = 300;
const MAX_BODY_BYTES = 64 * 1024;

const signedQuerySchema = z.object({
  msg_signature: z.string().regex(/^[0-9a-fA-F]{40}$/),
  timestamp: z.string().regex(/^\d{1,12}$/),
  nonce: z.string().regex(/^[0-9A-Za-z_-]{1,64}$/),
});
const verifyQuerySchema = signedQuerySchema.extend({ echostr: z.string().regex(/^[A-Za-z0-9+/]{1,4096}={0,2}$/) });

function cryptOf(deps: AppDeps): WxBizMsgCrypt {
  const wecom = deps.config.wecom;
  if (!wecom) throw new AppError('WECOM_NOT_CONFIGURED');
  return new WxBizMsgCrypt({ token: wecom.callbackToken, encodingAesKey: wecom.encodingAesKey, receiveId: wecom.corpId });
}

/** A refused signature, receiveid or ciphertext as our codes (nothing is recorded for any of them). */
function refusal(error: unknown): unknown {
  if (error instanceof XmlParseError) return new AppError('WECOM_CALLBACK_INVALID');
  if (!(error instanceof WxBizMsgCryptError)) return error;
  if (error.errcode === WXBIZ_ERRORS.ValidateSignature) return new AppError('WECOM_SIGNATURE_INVALID');
  if (error.errcode === WXBIZ_ERRORS.ValidateCorpid) return new AppError('WECOM_CORP_MISMATCH');
  return new AppError('WECOM_CALLBACK_INVALID', undefined, { errcode: error.errcode });
}

function checkFresh(deps: AppDeps, timestamp: string): void {
  if (Math.abs(deps.now().getTime() / 1000 - Number(timestamp)) > MAX_AGE_SECONDS) throw new AppError('WECOM_CALLBACK_STALE');
}

/** The `Encrypt` of a callback body: XML `<xml><Encrypt>…` or the JSON variant `{"encrypt": …}`. */
async function encryptOfBody(ctx: AppContext): Promise<string> {
  let text: string;
  try {
    text = await getRawBody(ctx.req, { limit: MAX_BODY_BYTES, encoding: 'utf8' });
  } catch {
    throw new AppError('WECOM_CALLBACK_INVALID');
  }
  const trimmed = text.trim();
  if (trimmed.startsWith('{')) {
    const value = (() => {
      try {
        return JSON.parse(trimmed) as unknown;
      } catch {
        return null;
      }
    })();
    const encrypt = value && typeof value === 'object' ? (value as Record<string, unknown>).encrypt : undefined;
    if (typeof encrypt !== 'string' || encrypt === '') throw new AppError('WECOM_CALLBACK_INVALID');
    return encrypt;
  }
  const encrypt = xmlText(parseWecomXml(trimmed), 'Encrypt');
  if (!encrypt) throw new AppError('WECOM_CALLBACK_INVALID');
  return encrypt;
}

/** The decrypted event: XML (or JSON in the JSON variant), for our corp. */
function eventOf(plaintext: string, corpId: string): XmlElement {
  let event: XmlElement;
  if (plaintext.trim().startsWith('{')) {
    const value = JSON.parse(plaintext) as Record<string, unknown>;
    event = Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key, typeof item === 'object' && item !== null ? (item as XmlElement) : String(item)]),
    );
  } else {
    event = parseWecomXml(plaintext);
  }
  if (xmlText(event, 'ToUserName') !== corpId) throw new AppError('WECOM_CORP_MISMATCH');
  return event;
}

/**
 * WeCom's customer-contact callback (no JWT; the msg_signature is the authentication). GET verifies the URL
 * (answers the echostr's plaintext); POST verifies, decrypts, checks the receiveid and the timestamp, applies
 * the event once (its receipt and effect in one transaction) and answers 200 with an empty body; the unionid
 * is fetched after that, in the background.
 */
export function wecomCallbackRoutes(deps: AppDeps): AppRouter {
  const router: AppRouter = new Router();
  router.get(WECOM_CALLBACK_PATH, async (ctx) => {
    const query = parseInput(verifyQuerySchema, ctx.query, 'query');
    const crypt = cryptOf(deps);
    let plaintext: string;
    try {
      plaintext = crypt.verifyUrl(query.msg_signature, query.timestamp, query.nonce, query.echostr);
    } catch (error) {
      throw refusal(error);
    }
    checkFresh(deps, query.timestamp);
    ctx.type = 'text/plain';
    ctx.body = plaintext;
  });
  router.post(WECOM_CALLBACK_PATH, async (ctx) => {
    const query = parseInput(signedQuerySchema, ctx.query, 'query');
    const crypt = cryptOf(deps);
    const corpId = deps.config.wecom?.corpId ?? '';
    let event: XmlElement;
    try {
      const encrypt = await encryptOfBody(ctx);
      const plaintext = crypt.decryptMessage(query.msg_signature, query.timestamp, query.nonce, encrypt);
      checkFresh(deps, query.timestamp);
      event = eventOf(plaintext, corpId);
    } catch (error) {
      throw refusal(error instanceof SyntaxError ? new XmlParseError('bad JSON') : error);
    }
    const sc = serviceContext(ctx, deps);
    const toFetch = await applyWecomEvent(sc, corpId, event);
    ctx.status = 200;
    ctx.body = '';
    enrichInBackground(deps, sc, toFetch);
  });
  return router;
}

/** Staff: make the WeCom contact-me / group join code of an entry code (channels:write, audited). */
export function adminWecomRoutes(deps: AppDeps): AppRouter {
  const router: AppRouter = new Router({ prefix: '/api/admin/channel-codes' });
  router.post('/:codeId/wecom', requireStaff(deps, 'channels:write'), async (ctx) => {
    const { codeId } = parseInput(wecomCodeParamsSchema, ctx.params, 'params');
    const body = parseInput(wecomCodeBodySchema, ctx.request.body ?? {}, 'body');
    const result = await createWecomCode(deps, serviceContext(ctx, deps), codeId, body);
    ctx.status = result.isCreated ? 201 : 200;
    ctx.body = result.code;
  });
  return router;
}
