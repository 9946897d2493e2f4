import { channelPlan, type ChannelKind } from '@siyu/shared';

/**
 * The demo channels' data (issue 13): the playbook plan, the simulated population's sizes and names, the
 * deterministic PRNG and the small helpers the demo channel seed modules share.
 */

export const DAY = 24 * 3600 * 1000;
export const HOUR = 3600 * 1000;
export const MINUTE = 60 * 1000;
/** The app_meta marker: set with the demo channels, so an upgrade seeds them at most once. */
export const DEMO_CHANNELS_MARKER = 'demo_channels';
/** Days of simulated actuals. */
export const DEMO_CHANNEL_DAYS = 120;
/** The last-touch window the demo orders were attributed with (the default setting). */
export const WINDOW_DAYS = 7;
export const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const INSERT_CHUNK = 500;

/** mulberry32: small, fast, deterministic. */
export function demoRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

export interface DemoChannelSpec {
  key: string;
  kind: ChannelKind;
  name: string;
  owner: string;
  fixedCostFen: number;
  unitCostMilliFen: number;
  plannedReach: number;
  plannedConversionBp: number;
  plannedOrdersPerMemberX100: number;
  plannedAovFen: number;
  note: string;
  /** Single codes (label each). */
  codes: string[];
  /** Share of the simulated members who came through this channel, and the weekly reach simulated. */
  memberShare: number;
  weeklyReach: [number, number];
  reachSource: 'code_batch' | 'ai_call' | 'sms_log' | 'manual';
}

/**
 * The playbook's plan (product.md): 60,000 parcels → 6,600 members → ¥280k; 200,000 past buyers called →
 * ¥1.575M; 15,000 WeCom contacts → ¥350k; 20,000 fans → ¥140k. channelPlan() gives those figures exactly,
 * except the parcels' ¥280,005 (members × orders per member is a multiple of 66, which 28,000,000 fen is not).
 */
export const DEMO_CHANNELS: readonly DemoChannelSpec[] = [
  {
    key: 'card',
    kind: 'package_card',
    name: '包裹卡·天猫旗舰店随单卡',
    owner: 'operator',
    fixedCostFen: 0,
    unitCostMilliFen: 35_000,
    plannedReach: 60_000,
    plannedConversionBp: 1_100,
    plannedOrdersPerMemberX100: 125,
    plannedAovFen: 3_394,
    note: '演示数据：每个包裹一张卡，一卡一码，扫码入会领首单券',
    codes: ['包裹卡通用码'],
    memberShare: 0.34,
    weeklyReach: [1_200, 2_400],
    reachSource: 'code_batch',
  },
  {
    key: 'ai',
    kind: 'ai_call',
    name: 'AI外呼·老客召回',
    owner: 'operator',
    fixedCostFen: 0,
    unitCostMilliFen: 12_000,
    plannedReach: 200_000,
    plannedConversionBp: 300,
    plannedOrdersPerMemberX100: 150,
    plannedAovFen: 17_500,
    note: '演示数据：外呼电商老客，意向客户发短信链接入会',
    codes: ['外呼短信链接'],
    memberShare: 0.24,
    weeklyReach: [3_000, 6_000],
    reachSource: 'ai_call',
  },
  {
    key: 'wecom',
    kind: 'wecom',
    name: '企微活码·导购1对1',
    owner: 'service',
    fixedCostFen: 800_000,
    unitCostMilliFen: 0,
    plannedReach: 15_000,
    plannedConversionBp: 2_667,
    plannedOrdersPerMemberX100: 125,
    plannedAovFen: 7_000,
    note: '演示数据：导购活码加好友，欢迎语发小程序入会',
    codes: ['店长活码', '客服小周活码'],
    memberShare: 0.2,
    weeklyReach: [60, 140],
    reachSource: 'manual',
  },
  {
    key: 'oa',
    kind: 'official_account',
    name: '公众号·服务号菜单与推文',
    owner: 'operator',
    fixedCostFen: 300_000,
    unitCostMilliFen: 0,
    plannedReach: 20_000,
    plannedConversionBp: 500,
    plannedOrdersPerMemberX100: 140,
    plannedAovFen: 10_000,
    note: '演示数据：服务号粉丝，菜单栏和推文二维码进入商城',
    codes: ['服务号菜单栏', '推文二维码'],
    memberShare: 0.12,
    weeklyReach: [1_500, 4_000],
    reachSource: 'manual',
  },
  {
    key: 'sms',
    kind: 'sms',
    name: '短信·会员日提醒',
    owner: 'operator',
    fixedCostFen: 0,
    unitCostMilliFen: 4_500,
    plannedReach: 100_000,
    plannedConversionBp: 50,
    plannedOrdersPerMemberX100: 120,
    plannedAovFen: 9_900,
    note: '演示数据：会员日短信，URL Link 打开小程序',
    codes: ['会员日短信链接'],
    memberShare: 0.04,
    weeklyReach: [2_000, 5_000],
    reachSource: 'sms_log',
  },
];

/** Members simulated in all (≈ 6 % of them organic: no channel touch before registering). */
export const DEMO_MEMBER_COUNT = 420;
export const ORGANIC_SHARE = 0.06;
/** Per-unit card codes of the demo batch; the first ones are tied to a marketplace order number. */
export const CARD_BATCH_SIZE = 200;
export const CARD_BATCH_WITH_ORDER_NO = 150;

export const SURNAMES =
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤';
export const GIVEN = '小雨 晓燕 佳怡 子涵 欣然 浩然 宇轩 思琪 梓萱 一诺 俊杰 雨桐 可馨 明轩 诗涵 嘉怡 天佑 若曦 晨曦 静怡'.split(' ');
export const CITIES: readonly { codes: string[]; text: string; street: string }[] = [
  { codes: ['310000', '310100', '310115'], text: '上海市 浦东新区', street: '张杨路' },
  { codes: ['110000', '110100', '110105'], text: '北京市 朝阳区', street: '建国路' },
  { codes: ['440000', '440300', '440305'], text: '广东省 深圳市 南山区', street: '科技园路' },
  { codes: ['330000', '330100', '330106'], text: '浙江省 杭州市 西湖区', street: '文三路' },
  { codes: ['510000', '510100', '510107'], text: '四川省 成都市 武侯区', street: '天府大道' },
  { codes: ['320000', '320500', '320508'], text: '江苏省 苏州市 姑苏区', street: '人民路' },
];

export interface ChannelSeedCounts {
  channels: number;
  codes: number;
  members: number;
  touches: number;
  orders: number;
  refunds: number;
}

export interface Touch {
  occurredAt: Date;
  source: 'app_launch' | 'wecom_contact' | 'ai_call';
  status: 'matched' | 'organic';
  channelId: number | null;
  codeId: number | null;
  deviceId: string | null;
  memberId: number | null;
  phoneHash: string | null;
  unionid: string | null;
  externalUserId: string | null;
  wxScene: number | null;
  scene: string | null;
  path: string | null;
  dedupeKey: string | null;
}

export interface Code {
  id: number;
  channelId: number;
  scene: string;
}

export interface SellableSku {
  id: number;
  productId: number;
  title: string;
  specs: Record<string, string>;
  image: string | null;
  publicPriceFen: number;
  privatePriceFen: number;
  stock: number;
}

/** Asia/Shanghai calendar date of an instant, days added. */
export function chinaDate(at: Date, addDays = 0): string {
  return new Date(at.getTime() + 8 * HOUR + addDays * DAY).toISOString().slice(0, 10);
}

export function chunks<T>(rows: readonly T[], size = INSERT_CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size));
  return out;
}

/** The seeded PRNG and its two helpers. */
export interface DemoRng {
  random: () => number;
  pick: <T>(items: readonly T[]) => T;
  between: (low: number, high: number) => number;
}

export function demoRng(seed: number): DemoRng {
  const random = demoRandom(seed);
  return {
    random,
    pick: <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T,
    between: (low: number, high: number) => low + Math.floor(random() * (high - low + 1)),
  };
}

/** The demo's channel ids (by spec key) and codes. */
export interface DemoCodes {
  channelIdOf: Map<string, number>;
  codesOf: (key: string) => Code[];
  batchCodes: Code[];
}

export interface PlannedMember {
  index: number;
  channelKey: string | null;
  registeredAt: Date;
  openid: string;
  unionid: string;
  deviceId: string;
  phone: string;
  phoneHash: string;
  nickname: string;
}

export interface PlannedOrder {
  member: PlannedMember;
  memberId: number;
  createdAt: Date;
  paidAt: Date;
  lines: { sku: SellableSku; quantity: number }[];
  refunded: boolean;
}

/** The order's last touch: the latest matched touch within the window before it (inclusive), else none. */
export function lastTouch<T extends { occurredAt: Date; channelId: number | null }>(
  memberTouches: readonly T[],
  orderAt: Date,
  windowDays = WINDOW_DAYS,
): T | null {
  let found: T | null = null;
  for (const touch of memberTouches) {
    const at = touch.occurredAt.getTime();
    if (touch.channelId === null || at > orderAt.getTime() || at < orderAt.getTime() - windowDays * DAY) continue;
    if (!found || at >= found.occurredAt.getTime()) found = touch;
  }
  return found;
}

/** The demo's planned figures per channel (tests and the decisions note). */
export function demoChannelPlans(): { kind: ChannelKind; plannedMembers: number; plannedGmvFen: number }[] {
  return DEMO_CHANNELS.map((spec) => ({ kind: spec.kind, ...channelPlan(spec) }));
}
