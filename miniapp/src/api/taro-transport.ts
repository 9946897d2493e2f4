import Taro from '@tarojs/taro';
import type { Transport } from './client';

/** Taro.request as the API client's transport: any HTTP status resolves, no answer rejects. */
export const taroTransport: Transport = async (request) => {
  const response = await Taro.request({
    url: request.url,
    method: request.method,
    header: request.header,
    dataType: 'json',
    timeout: 15_000,
    ...(request.data === undefined ? {} : { data: request.data as Record<string, unknown> }),
  });
  return { statusCode: response.statusCode, data: response.data as unknown };
};
