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
  /** PostgreSQL gave up on a transaction (serialization failure, deadlock): the caller may retry it. */
  CONCURRENT_UPDATE: { status: 409, message: '请求冲突，请重试' },
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
  AVATAR_INVALID: { status: 400, message: '头像须为 PNG、JPEG 或 WebP 图片' },
  AVATAR_TOO_LARGE: { status: 413, message: '头像图片过大，请换一张' },
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
  // Media library
  MEDIA_FILE_MISSING: { status: 400, message: '请选择要上传的图片' },
  MEDIA_NOT_IMAGE: { status: 415, message: '文件不是图片，请上传 JPG、PNG、WebP 或 GIF 图片' },
  MEDIA_TOO_LARGE: { status: 413, message: '图片太大，请上传 10MB 以内、边长不超过 8000 像素的图片' },
  MEDIA_NOT_FOUND: { status: 404, message: '图片不存在或已删除' },
  MEDIA_IN_USE: { status: 409, message: '图片正被商品使用，请先从商品中移除' },
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
  ADDRESS_REGION_UNKNOWN: { status: 400, message: '所在地区无效，请重新选择省 / 市 / 区' },
  // Shipping templates
  SHIPPING_TEMPLATE_NOT_FOUND: { status: 404, message: '运费模板不存在' },
  SHIPPING_TEMPLATE_IN_USE: { status: 409, message: '运费模板正被商品使用或是默认模板，不能删除' },
  SHIPPING_REGION_UNSUPPORTED: { status: 409, message: '部分商品不支持配送到该地区，请更换收货地址或移除这些商品' },
  // Promotions: every reason a coupon, promo code or flash sale does not apply has its own code
  COUPON_TEMPLATE_NOT_FOUND: { status: 404, message: '优惠券不存在' },
  COUPON_NOT_FOUND: { status: 404, message: '优惠券不存在' },
  COUPON_NOT_STARTED: { status: 409, message: '优惠券尚未到使用时间' },
  COUPON_EXPIRED: { status: 409, message: '优惠券已过期' },
  COUPON_NOT_AVAILABLE: { status: 409, message: '优惠券已被使用或已锁定' },
  COUPON_CLAIM_NOT_OPEN: { status: 409, message: '优惠券不在领取时间内' },
  COUPON_CLAIM_CAP_REACHED: { status: 409, message: '已达到该券的领取上限' },
  COUPON_SOLD_OUT: { status: 409, message: '优惠券已领完' },
  COUPON_BUDGET_EXHAUSTED: { status: 409, message: '优惠券预算已用完' },
  COUPON_NOT_CLAIMABLE: { status: 409, message: '该优惠券不可领取' },
  COUPON_STOPPED: { status: 409, message: '优惠券已停止发放' },
  COUPON_CODE_INVALID: { status: 404, message: '兑换码无效' },
  COUPON_CODE_USED: { status: 409, message: '兑换码已被使用' },
  COUPON_LIMIT_BELOW_ISSUED: { status: 409, message: '总量或预算不能低于已发放的数量' },
  COUPON_CODE_BATCH_EXISTS: { status: 409, message: '该批次的兑换码已生成' },
  PROMOTION_THRESHOLD_NOT_MET: { status: 409, message: '未达到使用门槛' },
  PROMOTION_NOT_IN_SCOPE: { status: 409, message: '不适用于所选商品' },
  PROMOTION_NEW_CUSTOMERS_ONLY: { status: 409, message: '仅限新客首单使用' },
  PROMOTION_TIER_NOT_ELIGIBLE: { status: 409, message: '当前会员等级不可用' },
  PROMOTION_NO_SHIPPING_FEE: { status: 409, message: '订单已免运费，无需使用包邮券' },
  PROMOTION_NOTHING_TO_DISCOUNT: { status: 409, message: '没有可优惠的金额' },
  PROMOTION_NOT_COMBINABLE: { status: 409, message: '不能与已选优惠同时使用' },
  PROMOTION_NOT_APPROVED: { status: 409, message: '该活动尚未审批通过' },
  PROMOTION_APPROVAL_SELF: { status: 409, message: '不能审批自己创建的活动' },
  PROMOTION_NOT_PENDING: { status: 409, message: '该活动不在待审批状态' },
  PROMO_CODE_INVALID: { status: 404, message: '优惠码无效' },
  PROMO_CODE_NOT_STARTED: { status: 409, message: '直播尚未开始，优惠码暂不可用' },
  PROMO_CODE_SESSION_ENDED: { status: 409, message: '直播已结束，优惠码已失效' },
  PROMO_CODE_CAP_REACHED: { status: 409, message: '优惠码已被抢光' },
  PROMO_CODE_MEMBER_CAP_REACHED: { status: 409, message: '您已用过该优惠码' },
  PROMO_CODE_TAKEN: { status: 409, message: '优惠码已存在' },
  PROMO_CODE_STOPPED: { status: 409, message: '优惠码已停用' },
  LIVE_SESSION_NOT_FOUND: { status: 404, message: '直播不存在' },
  LIVE_SESSION_ENDED: { status: 409, message: '直播已结束' },
  FLASH_SALE_NOT_FOUND: { status: 404, message: '秒杀活动不存在' },
  FLASH_SALE_NOT_STARTED: { status: 409, message: '秒杀尚未开始' },
  FLASH_SALE_ENDED: { status: 409, message: '秒杀已结束' },
  FLASH_SALE_SOLD_OUT: { status: 409, message: '手慢了，秒杀商品已抢光' },
  FLASH_SALE_LIMIT_EXCEEDED: { status: 409, message: '超出秒杀限购数量' },
  FLASH_SALE_OVERLAP: { status: 409, message: '该商品在此时间段已有秒杀活动' },
  FLASH_SALE_SKU_UNAVAILABLE: { status: 409, message: '该规格已删除，不能参加秒杀' },
  FLASH_SALE_UNITS_BELOW_SOLD: { status: 409, message: '秒杀总量不能少于已售数量' },
  STORE_PROMOTION_NOT_FOUND: { status: 404, message: '活动不存在' },
  PROMOTION_STATUS_CONFLICT: { status: 409, message: '活动状态已变化，请刷新后重试' },
  // Membership and points
  TIERS_INVALID: { status: 400, message: '会员等级设置有误' },
  TIER_REEVALUATION_RUNNING: { status: 409, message: '会员等级正在重新计算，请稍后再试' },
  GROWTH_WOULD_GO_NEGATIVE: { status: 409, message: '调整后成长值不能小于 0' },
  POINTS_INSUFFICIENT: { status: 409, message: '可用积分不足' },
  POINTS_OVER_CAP: { status: 409, message: '超出本单可用积分上限' },
  POINTS_ALREADY_CHECKED_IN: { status: 409, message: '今天已经签到过了' },
  BIRTHDAY_ALREADY_SET: { status: 409, message: '生日设置后不能修改' },
  POINTS_MALL_ITEM_NOT_FOUND: { status: 404, message: '商品不存在' },
  POINTS_MALL_SOLD_OUT: { status: 409, message: '兑换商品已兑完' },
  POINTS_MALL_LIMIT_REACHED: { status: 409, message: '已达到兑换上限' },
  POINTS_MALL_TIER_REQUIRED: { status: 403, message: '会员等级不足，暂不可兑换' },
  POINTS_MALL_ADDRESS_REQUIRED: { status: 400, message: '请选择收货地址' },
  POINTS_MALL_STOCK_BELOW_REDEEMED: { status: 409, message: '库存不能少于已兑换数量' },
  // Product reviews
  REVIEW_LINE_NOT_FOUND: { status: 404, message: '订单商品不存在' },
  REVIEW_NOT_RECEIVED: { status: 409, message: '确认收货后才能评价' },
  REVIEW_ALREADY_SUBMITTED: { status: 409, message: '这件商品已经评价过了' },
  REVIEW_IMAGE_NOT_FOUND: { status: 400, message: '评价图片不存在，请重新上传' },
  REVIEW_NOT_FOUND: { status: 404, message: '评价不存在' },
  REVIEW_ALREADY_MODERATED: { status: 409, message: '该评价已审核过了' },
  POINTS_MALL_SKU_UNAVAILABLE: { status: 409, message: '该规格已删除，不能用于积分商城' },
  SKU_TIER_REQUIRED: { status: 403, message: '该商品为会员专享，等级不足暂不可购买' },
  ORDER_NOT_FOUND: { status: 404, message: '订单不存在' },
  ORDER_LINES_UNAVAILABLE: { status: 409, message: '部分商品已下架或不存在' },
  ORDER_STOCK_INSUFFICIENT: { status: 409, message: '部分商品库存不足' },
  ORDER_LIMIT_EXCEEDED: { status: 409, message: '超出限购数量' },
  PRICE_CHANGED: { status: 409, message: '商品价格有变动，请确认新的金额' },
  IDEMPOTENCY_KEY_REQUIRED: { status: 400, message: '请求缺少幂等键' },
  IDEMPOTENCY_KEY_REUSED: { status: 409, message: '重复的请求与之前的内容不一致' },
  ORDER_STATUS_CONFLICT: { status: 409, message: '订单状态已变化，请刷新后重试' },
  ORDER_PAYMENT_EXPIRED: { status: 409, message: '订单已超过支付时间' },
  ORDER_NOT_PAYABLE: { status: 409, message: '订单已取消或已支付，不能再发起支付' },
  WECHAT_PAY_UNAVAILABLE: { status: 502, message: '微信支付暂不可用，请稍后再试' },
  WECHAT_PAY_REJECTED: { status: 502, message: '微信支付下单失败，请稍后再试' },
  REFUND_NOT_ALLOWED: { status: 409, message: '当前订单状态不能申请退款' },
  REFUND_QUANTITY_EXCEEDED: { status: 409, message: '退款数量超过可退数量' },
  REFUND_NOT_FOUND: { status: 404, message: '退款申请不存在' },
  REFUND_STATUS_CONFLICT: { status: 409, message: '退款状态已变化，请刷新后重试' },
  REFUND_RETURN_NEEDS_SHIPMENT: { status: 409, message: '订单尚未发货，请选择仅退款' },
  RETURN_ADDRESS_NOT_SET: { status: 409, message: '请先在售后设置中填写退货地址' },
  REFUND_WECHAT_REJECTED: { status: 502, message: '微信支付未受理该退款，请稍后重试' },
  // Channels and attribution (引流渠道)
  CHANNEL_NOT_FOUND: { status: 404, message: '渠道不存在' },
  CHANNEL_ARCHIVED: { status: 409, message: '渠道已归档，不能再添加渠道码或触达' },
  CHANNEL_PERIOD_INVALID: { status: 400, message: '渠道的结束日期不能早于开始日期' },
  CHANNEL_OWNER_INVALID: { status: 400, message: '负责人不存在或已停用' },
  CHANNEL_SCENE_INVALID: { status: 400, message: '渠道码只能包含字母、数字和部分符号，最长 32 位（企微活码最长 30 位）' },
  CHANNEL_SCENE_TAKEN: { status: 409, message: '该渠道码已被使用，请换一个' },
  CHANNEL_CODE_NOT_FOUND: { status: 404, message: '渠道码不存在' },
  REACH_IMPORT_ROWS_INVALID: { status: 422, message: '文件中有错误的行，请修改后重新导入' },
  REPORT_RANGE_INVALID: { status: 400, message: '报表日期范围无效：开始日期不能晚于结束日期，且最长 366 天' },
  // Touches (channel attribution)
  TOUCH_SCENE_INVALID: { status: 400, message: '二维码参数无效' },
  // WeCom (企业微信): contact-me / group join codes and the customer-contact callback
  WECOM_NOT_CONFIGURED: { status: 503, message: '企业微信尚未配置，暂不能生成企微二维码' },
  WECOM_UNAVAILABLE: { status: 502, message: '企业微信服务暂不可用，请稍后再试' },
  WECOM_REJECTED: { status: 502, message: '企业微信未受理该请求，请检查成员或客户群后重试' },
  WECOM_RATE_LIMITED: { status: 429, message: '企业微信接口调用过于频繁，请稍后再试' },
  WECOM_STATE_TOO_LONG: { status: 400, message: '企微二维码的渠道参数最长 30 位，请换一个较短的渠道码' },
  WECOM_CODE_KIND_UNSUPPORTED: { status: 409, message: '只有企微活码或社群渠道可以生成企业微信二维码' },
  WECOM_USERS_REQUIRED: { status: 400, message: '请选择 1–100 位接待客户的企业微信成员' },
  WECOM_CHATS_REQUIRED: { status: 400, message: '请选择 1–5 个客户群' },
  WECOM_PARAMS_REJECTED: { status: 400, message: '企业微信不接受这些成员、客户群或备注，请检查后重试' },
  WECOM_CODE_RETIRED: { status: 409, message: '渠道码已停用，不能再生成企业微信二维码' },
  WECOM_SIGNATURE_INVALID: { status: 401, message: '企业微信回调签名无效' },
  WECOM_CALLBACK_STALE: { status: 401, message: '企业微信回调已过期' },
  WECOM_CORP_MISMATCH: { status: 403, message: '企业微信回调不属于本企业' },
  WECOM_CALLBACK_INVALID: { status: 400, message: '企业微信回调内容无法解析' },
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
