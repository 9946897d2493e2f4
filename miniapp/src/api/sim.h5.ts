/**
 * H5 only: the WeChat simulator stands in for wx.login and getPhoneNumber in the browser demo. Taro
 * resolves `./sim` to this file in the H5 build and to sim.ts (a stub without any simulator code) in
 * every other build, and each use also sits behind `process.env.TARO_ENV === 'h5'`.
 */
import { readStored, writeStored } from '../lib/storage';
import type { Transport } from './client';

const SIM_USER_KEY = 'siyu.simUser';
const SIM_PREFIX = '/wechat-sim/sim';

/** Demo shoppers offered on the simulated login page. */
export const DEMO_SHOPPERS = [
  { user: 'demo_lin', nickname: '林小满' },
  { user: 'demo_chen', nickname: '陈一禾' },
  { user: 'demo_zhou', nickname: '周沐阳' },
] as const;

export interface SimUser {
  user: string;
  nickname: string;
}

/** Turns a typed name into a simulator user key (letters, digits, "_" or "-", ≤ 32). */
export function simUserKey(name: string): string {
  const ascii = name.trim().replace(/[^0-9A-Za-z_-]/g, '');
  if (ascii.length > 0) return ascii.slice(0, 32);
  let hash = 0;
  for (const char of name) hash = (hash * 31 + (char.codePointAt(0) ?? 0)) >>> 0;
  return `u${hash.toString(36)}`;
}

export function rememberedSimUser(): SimUser | null {
  return readStored<SimUser>(SIM_USER_KEY);
}

export function rememberSimUser(user: SimUser | null): void {
  writeStored(SIM_USER_KEY, user);
}

async function post(transport: Transport, baseUrl: string, path: string, data: unknown): Promise<Record<string, unknown>> {
  const response = await transport({ url: `${baseUrl}${SIM_PREFIX}${path}`, method: 'POST', data, header: { 'Content-Type': 'application/json' } });
  if (response.statusCode !== 200 || !response.data || typeof response.data !== 'object') throw new Error('simulator refused');
  return response.data as Record<string, unknown>;
}

/** A single-use login code for `user`, minted by the simulator (what wx.login would return). */
export async function simLoginCode(transport: Transport, baseUrl: string, user: SimUser): Promise<string> {
  const body = await post(transport, baseUrl, '/login-code', { user: user.user, nickname: user.nickname });
  if (typeof body.code !== 'string') throw new Error('simulator gave no code');
  return body.code;
}

/** A single-use getPhoneNumber code for the remembered shopper. */
export async function simPhoneCode(transport: Transport, baseUrl: string, phoneNumber: string): Promise<string> {
  const user = rememberedSimUser();
  if (!user) throw new Error('no simulated shopper');
  const body = await post(transport, baseUrl, '/phone-code', { user: user.user, phoneNumber });
  if (typeof body.code !== 'string') throw new Error('simulator gave no code');
  return body.code;
}
