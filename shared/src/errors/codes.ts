/**
 * Every error code the API can return, with its HTTP status and the friendly Chinese message the
 * mini-program and the admin console show. The server's AppError takes its status from here, so a
 * code cannot be answered with two different statuses.
 */
export const ERROR_CODES = {
  // Requests
  VALIDATION_FAILED: { status: 400, message: '提交的信息有误，请检查后重试' },
  INVALID_JSON: { status: 400, message: '请求格式错误' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, message: '请求格式不受支持' },
  PAYLOAD_TOO_LARGE: { status: 413, message: '提交的内容过大' },
  INVALID_CURSOR: { status: 400, message: '分页参数无效，请刷新后重试' },
  ROUTE_NOT_FOUND: { status: 404, message: '页面不存在' },
  METHOD_NOT_ALLOWED: { status: 405, message: '不支持的请求方式' },
  NOT_FOUND: { status: 404, message: '内容不存在' },
  TOO_MANY_ATTEMPTS: { status: 429, message: '操作过于频繁，请稍后再试' },
  INTERNAL: { status: 500, message: '系统繁忙，请稍后再试' },
  SERVICE_UNAVAILABLE: { status: 503, message: '服务暂不可用，请稍后再试' },
  // Authentication
  UNAUTHENTICATED: { status: 401, message: '请先登录' },
  TOKEN_EXPIRED: { status: 401, message: '登录已过期，请重新登录' },
  TOKEN_INVALID: { status: 401, message: '登录状态无效，请重新登录' },
  REFRESH_TOKEN_INVALID: { status: 401, message: '登录已失效，请重新登录' },
  FORBIDDEN: { status: 403, message: '没有权限执行此操作' },
  INVALID_CREDENTIALS: { status: 401, message: '用户名或密码错误' },
  STAFF_DISABLED: { status: 403, message: '账号已停用，请联系管理员' },
  // WeChat
  WECHAT_CODE_INVALID: { status: 400, message: '微信登录凭证无效，请重试' },
  WECHAT_PHONE_CODE_INVALID: { status: 400, message: '手机号授权已失效，请重新授权' },
  WECHAT_RISKY_USER: { status: 403, message: '当前微信账号存在风险，暂无法登录' },
  WECHAT_RATE_LIMITED: { status: 429, message: '微信服务繁忙，请稍后再试' },
  WECHAT_UNAVAILABLE: { status: 502, message: '微信服务暂不可用，请稍后再试' },
  // Members
  MEMBER_NOT_FOUND: { status: 404, message: '会员不存在' },
  // Staff
  STAFF_NOT_FOUND: { status: 404, message: '员工不存在' },
  USERNAME_TAKEN: { status: 409, message: '用户名已被使用' },
  CANNOT_CHANGE_SELF: { status: 409, message: '不能停用自己或修改自己的角色' },
  // Catalog
  CATEGORY_NOT_FOUND: { status: 404, message: '分类不存在' },
  CATEGORY_DEPTH_EXCEEDED: { status: 400, message: '分类最多两级' },
  CATEGORY_NOT_EMPTY: { status: 409, message: '分类下还有子分类或商品，无法删除' },
  CATEGORY_NAME_TAKEN: { status: 409, message: '同级分类中已有同名分类' },
  PRODUCT_NOT_FOUND: { status: 404, message: '商品不存在或已下架' },
  PRODUCT_HAS_NO_SKUS: { status: 409, message: '商品至少需要一个规格才能上架' },
  PRODUCT_NOT_DRAFT: { status: 409, message: '只有草稿商品可以删除' },
  PRODUCT_HAS_STOCK_HISTORY: { status: 409, message: '商品已有库存流水，不能删除' },
  SKU_NOT_FOUND: { status: 404, message: '规格不存在' },
  BARCODE_TAKEN: { status: 409, message: '条码已被其他规格使用' },
  BELOW_COST_CONFIRMATION_REQUIRED: { status: 409, message: '售价低于成本价，需要确认' },
  BELOW_COST_OWNER_ONLY: { status: 403, message: '只有店主可以确认低于成本价的售价' },
  STOCK_INSUFFICIENT: { status: 409, message: '库存不足' },
  // Cart
  CART_SKU_UNAVAILABLE: { status: 409, message: '商品已下架或不存在' },
  CART_SKU_SOLD_OUT: { status: 409, message: '该规格已售罄' },
  CART_QUANTITY_EXCEEDS_STOCK: { status: 409, message: '库存不足，请减少购买数量' },
  CART_QUANTITY_EXCEEDS_LIMIT: { status: 409, message: '超出限购数量' },
  CART_TOO_MANY_LINES: { status: 409, message: '购物车已满，请先清理部分商品' },
  CART_LINE_NOT_FOUND: { status: 404, message: '购物车中没有该商品' },
  // Catalog import
  CSV_MALFORMED: { status: 400, message: 'CSV 文件格式有误，请检查引号和分隔符' },
  CSV_EMPTY: { status: 400, message: 'CSV 文件中没有数据' },
  CSV_COLUMNS_INVALID: { status: 400, message: 'CSV 表头与模板不符' },
  CSV_TOO_MANY_ROWS: { status: 400, message: 'CSV 行数过多，请分批导入' },
  // Orders
  ADDRESS_NOT_FOUND: { status: 404, message: '收货地址不存在' },
  ADDRESS_LIMIT_REACHED: { status: 409, message: '收货地址最多保存 20 个' },
  ORDER_NOT_FOUND: { status: 404, message: '订单不存在' },
  ORDER_LINES_UNAVAILABLE: { status: 409, message: '部分商品已下架或不存在' },
  ORDER_STOCK_INSUFFICIENT: { status: 409, message: '部分商品库存不足' },
  ORDER_LIMIT_EXCEEDED: { status: 409, message: '超出限购数量' },
  PRICE_CHANGED: { status: 409, message: '商品价格有变动，请确认新的金额' },
  IDEMPOTENCY_KEY_REQUIRED: { status: 400, message: '请求缺少幂等键' },
  IDEMPOTENCY_KEY_REUSED: { status: 409, message: '重复的请求与之前的内容不一致' },
  ORDER_STATUS_CONFLICT: { status: 409, message: '订单状态已变化，请刷新后重试' },
  ORDER_PAYMENT_EXPIRED: { status: 409, message: '订单已超过支付时间' },
  WECHAT_PAY_UNAVAILABLE: { status: 502, message: '微信支付暂不可用，请稍后再试' },
  WECHAT_PAY_REJECTED: { status: 502, message: '微信支付下单失败，请稍后再试' },
  REFUND_NOT_ALLOWED: { status: 409, message: '当前订单状态不能申请退款' },
  REFUND_QUANTITY_EXCEEDED: { status: 409, message: '退款数量超过可退数量' },
  REFUND_NOT_FOUND: { status: 404, message: '退款申请不存在' },
  REFUND_STATUS_CONFLICT: { status: 409, message: '退款状态已变化，请刷新后重试' },
  REFUND_WECHAT_REJECTED: { status: 502, message: '微信支付未受理该退款，请稍后重试' },
} as const satisfies Record<string, { status: number; message: string }>;

export type ErrorCode = keyof typeof ERROR_CODES;

/** The shape of every error body the API returns. */
export interface ApiErrorBody {
  error: { code: ErrorCode; message: string; details?: unknown };
}

/** The friendly Chinese message for a code (falls back to the generic one for unknown codes). */
export function errorMessageFor(code: string): string {
  return code in ERROR_CODES ? ERROR_CODES[code as ErrorCode].message : ERROR_CODES.INTERNAL.message;
}

/** True when `code` is one of ours. */
export function isErrorCode(code: unknown): code is ErrorCode {
  return typeof code === 'string' && code in ERROR_CODES;
}
