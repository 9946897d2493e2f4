import Taro from '@tarojs/taro';

export type SubscribeResult = 'accept' | 'reject' | 'ban' | 'filter';
export type SubscribeResults = Record<string, SubscribeResult>;

/**
 * wx.requestSubscribeMessage (must run from a tap or a payment callback): the member's answer per template.
 * Taro resolves `./subscribe-platform` to subscribe-platform.h5.ts in the H5 build.
 */
export async function requestSubscribe(templateIds: string[], _templates: { templateId: string; title: string }[]): Promise<SubscribeResults> {
  const answer = (await Taro.requestSubscribeMessage({
    tmplIds: templateIds,
    entityIds: [],
  } as unknown as Taro.requestSubscribeMessage.Option)) as unknown as Record<string, string>;
  const results: SubscribeResults = {};
  for (const templateId of templateIds) {
    const value = answer[templateId];
    results[templateId] = value === 'accept' || value === 'ban' || value === 'filter' ? value : 'reject';
  }
  return results;
}
