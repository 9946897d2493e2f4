/**
 * H5 only: a browser has no wx.requestSubscribeMessage, so a confirm sheet stands in for WeChat's; 允许
 * tells the WeChat simulator (mounted by the server at /wechat-sim) that the demo shopper accepted, so it
 * counts the grants like WeChat would. Taro resolves `./subscribe-platform` to this file in the H5 build.
 */
import Taro from '@tarojs/taro';
import { API_BASE_URL } from '../api';
import { rememberedSimUser } from '../api/sim';
import { taroTransport } from '../api/taro-transport';

export type SubscribeResult = 'accept' | 'reject' | 'ban' | 'filter';
export type SubscribeResults = Record<string, SubscribeResult>;

const ACCEPT_URL = '/wechat-sim/test/subscribe/accept';

export async function requestSubscribe(templateIds: string[], templates: { templateId: string; title: string }[]): Promise<SubscribeResults> {
  const titles = templateIds.map((id) => templates.find((template) => template.templateId === id)?.title ?? '消息通知');
  const { confirm } = await Taro.showModal({
    title: '「思语优选」想给你发送',
    content: titles.join('、'),
    confirmText: '允许',
    cancelText: '取消',
  });
  const answer: SubscribeResult = confirm ? 'accept' : 'reject';
  const results: SubscribeResults = Object.fromEntries(templateIds.map((id) => [id, answer]));
  if (!confirm) return results;
  const user = rememberedSimUser();
  const response = await taroTransport({
    url: `${API_BASE_URL}${ACCEPT_URL}`,
    method: 'POST',
    data: { user: user?.user, templateIds },
    header: { 'Content-Type': 'application/json' },
  });
  const ok = response.statusCode === 200 && (response.data as { errcode?: number } | null)?.errcode === 0;
  // WeChat did not record the accept: tell the server nothing was accepted.
  return ok ? results : Object.fromEntries(templateIds.map((id) => [id, 'reject' as const]));
}
