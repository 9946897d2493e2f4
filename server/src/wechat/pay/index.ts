export { WechatPayClient, type JsapiPrepayInput, type RefundInput, type RequestPaymentParams, type WechatPayClientOptions } from './client';
export { WechatPayError, WechatPayNotificationError, type NotificationFailureReason } from './errors';
export type { NotificationInput } from './notification';
export type { RefundStatus, TradeState, WechatPayNotification, WechatRefund, WechatRefundNotice, WechatTransaction } from './schemas';
export { WechatPaySimulator, type WechatPaySimulatorOptions } from './simulator';
