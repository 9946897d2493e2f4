import { AppError } from '../../lib/errors';
import { WechatApiError } from '../../wechat/client';

/**
 * Maps WeChat errcodes to our codes. Code errors are the member's (400); credential and quota
 * errors are ours or WeChat's (502), reported without WeChat's message.
 */
export function toAppError(error: unknown, invalidCode: 'WECHAT_CODE_INVALID' | 'WECHAT_PHONE_CODE_INVALID'): unknown {
  if (!(error instanceof WechatApiError)) return error;
  switch (error.errcode) {
    case 40029:
    case 40163:
      return new AppError(invalidCode);
    case 45011:
      return new AppError('WECHAT_RATE_LIMITED');
    case 40226:
      return new AppError('WECHAT_RISKY_USER');
    default:
      return new AppError('WECHAT_UNAVAILABLE', undefined, { errcode: error.errcode });
  }
}
