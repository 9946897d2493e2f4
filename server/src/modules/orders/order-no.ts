import crypto from 'node:crypto';

const ALPHABET = '0123456789ABCDEFGHJKLMNPQRSTUVWXYZ';

/**
 * S + yyyyMMddHHmmss (China time) + 8 random characters: 23 chars of [0-9A-Z], unique by the orders_order_no_key
 * index, sortable by time, and valid as a WeChat Pay out_trade_no (6–32 of [0-9A-Za-z_-|*]).
 */
export function newOrderNo(now: Date): string {
  const china = new Date(now.getTime() + 8 * 3600 * 1000).toISOString();
  const stamp = china.slice(0, 19).replace(/[-T:]/g, '');
  const bytes = crypto.randomBytes(8);
  let suffix = '';
  for (const byte of bytes) suffix += ALPHABET[byte % ALPHABET.length];
  return `S${stamp}${suffix}`;
}
