/**
 * Every build but H5 (Taro picks sim.h5.ts there): the WeChat simulator does not exist, so nothing
 * here can mint a code. Same exports as sim.h5.ts so that shared code type-checks against either.
 */
import type { Transport } from './client';

export interface SimUser {
  user: string;
  nickname: string;
}

export const DEMO_SHOPPERS: readonly SimUser[] = [];

function unavailable(): never {
  throw new Error('the WeChat simulator exists only in the H5 build');
}

export function simUserKey(_name: string): string {
  return unavailable();
}

export function rememberedSimUser(): SimUser | null {
  return null;
}

export function rememberSimUser(_user: SimUser | null): void {}

export function simLoginCode(_transport: Transport, _baseUrl: string, _user: SimUser): Promise<string> {
  return unavailable();
}

export function simPhoneCode(_transport: Transport, _baseUrl: string, _phoneNumber: string): Promise<string> {
  return unavailable();
}
