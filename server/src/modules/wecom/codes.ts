import { and, eq, isNull } from 'drizzle-orm';
import { WECOM_STATE_MAX, type WecomCodeBody, type WecomCodeView } from '@siyu/shared';
import { inTransaction, type ServiceContext } from '../../context';
import type { AppDeps } from '../../deps';
import { channelCodes, channels } from '../../db/schema';
import { AppError } from '../../lib/errors';
import { WecomApiError } from '../../wecom/client';
import { recordAudit } from '../audit';

type StoredCode = {
  id: number;
  scene: string;
  status: string;
  kind: string;
  wecomKind: string | null;
  wecomConfigId: string | null;
  wecomQrUrl: string | null;
};

async function loadCode(sc: ServiceContext, codeId: number): Promise<StoredCode> {
  const [code] = await sc.db
    .select({
      id: channelCodes.id,
      scene: channelCodes.scene,
      status: channelCodes.status,
      kind: channels.kind,
      wecomKind: channelCodes.wecomKind,
      wecomConfigId: channelCodes.wecomConfigId,
      wecomQrUrl: channelCodes.wecomQrUrl,
    })
    .from(channelCodes)
    .innerJoin(channels, eq(channels.id, channelCodes.channelId))
    .where(eq(channelCodes.id, codeId));
  if (!code) throw new AppError('CHANNEL_CODE_NOT_FOUND');
  return code;
}

function viewOf(code: StoredCode): WecomCodeView | null {
  if (!code.wecomConfigId || !code.wecomQrUrl || (code.wecomKind !== 'contact_way' && code.wecomKind !== 'join_way')) return null;
  return { codeId: code.id, scene: code.scene, wecomKind: code.wecomKind, wecomConfigId: code.wecomConfigId, wecomQrUrl: code.wecomQrUrl };
}

/** WeCom's answer as one of our codes: bad parameters are the admin's to fix (4xx), the rest is WeCom's (5xx). */
export function wecomErrorToAppError(error: unknown, state: string): unknown {
  if (!(error instanceof WecomApiError)) return error;
  const details = { errcode: error.errcode, api: error.api };
  if (error.errcode === 40058 && state.length > WECOM_STATE_MAX) return new AppError('WECOM_STATE_TOO_LONG', undefined, details);
  if ([40058, 41041, 60111, 40003].includes(error.errcode)) return new AppError('WECOM_PARAMS_REJECTED', undefined, details);
  if (error.errcode === 45009) return new AppError('WECOM_RATE_LIMITED', undefined, details);
  return new AppError('WECOM_REJECTED', undefined, details);
}

/**
 * Makes the WeCom code of an entry code: a contact-me code (add_contact_way, state = scene) for a wecom
 * channel, a group join code (add_join_way) for a community channel. Idempotent: a code that has one answers
 * it. WeCom is called outside any transaction; the store is one conditional update (a concurrent second
 * creation keeps the first code) with its audit row.
 */
export async function createWecomCode(
  deps: AppDeps,
  sc: ServiceContext,
  codeId: number,
  body: WecomCodeBody,
): Promise<{ code: WecomCodeView; isCreated: boolean }> {
  const code = await loadCode(sc, codeId);
  const existing = viewOf(code);
  if (existing) return { code: existing, isCreated: false };
  if (code.kind !== 'wecom' && code.kind !== 'community') throw new AppError('WECOM_CODE_KIND_UNSUPPORTED', undefined, { kind: code.kind });
  if (code.status !== 'active') throw new AppError('WECOM_CODE_RETIRED');
  if (code.scene.length > WECOM_STATE_MAX) throw new AppError('WECOM_STATE_TOO_LONG', undefined, { max: WECOM_STATE_MAX });
  const client = deps.wecom;
  if (!client || !deps.config.wecom) throw new AppError('WECOM_NOT_CONFIGURED');
  const remark = body.remark ?? '';
  let made: { configId: string; qrCode: string };
  let wecomKind: 'contact_way' | 'join_way';
  try {
    if (code.kind === 'wecom') {
      const users = body.userIds ?? deps.config.wecom.defaultUserIds;
      if (users.length === 0) throw new AppError('WECOM_USERS_REQUIRED');
      wecomKind = 'contact_way';
      made = await client.addContactWay({ state: code.scene, remark, users });
    } else {
      if (!body.chatIds) throw new AppError('WECOM_CHATS_REQUIRED');
      wecomKind = 'join_way';
      made = await client.addJoinWay({ state: code.scene, remark, chatIds: body.chatIds });
    }
  } catch (error) {
    throw wecomErrorToAppError(error, code.scene);
  }
  return inTransaction(sc, async (tx) => {
    const [stored] = await tx.db
      .update(channelCodes)
      .set({ wecomKind, wecomConfigId: made.configId, wecomQrUrl: made.qrCode })
      .where(and(eq(channelCodes.id, codeId), isNull(channelCodes.wecomConfigId)))
      .returning({ id: channelCodes.id });
    if (!stored) {
      const winner = viewOf(await loadCode(tx, codeId));
      if (winner) return { code: winner, isCreated: false };
      throw new AppError('CHANNEL_CODE_NOT_FOUND');
    }
    const view: WecomCodeView = { codeId, scene: code.scene, wecomKind, wecomConfigId: made.configId, wecomQrUrl: made.qrCode };
    await recordAudit(tx, { action: 'channel_code.wecom_create', targetType: 'channel_code', targetId: codeId, after: view });
    return { code: view, isCreated: true };
  });
}
