import fs from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../config';
import { canonicalQuery, percentEncode, signRpcV2, stringToSign, verifyRpcV2 } from './signature';

/** The Aliyun RPC V2 vectors, read from ../shared at test time (never copied into the repository). */
interface Vectors {
  percentEncode: { cases: Record<string, string> };
  aliyunRpcV2: {
    vectors: {
      id: string;
      method: string;
      secret: string;
      params: Record<string, string>;
      expect: { canonicalQuery: string; stringToSign: string; signature: string };
    }[];
  };
}
const file = path.resolve(REPO_ROOT, '../shared/sms-vectors/vectors.json');
const data = JSON.parse(fs.readFileSync(file, 'utf8')) as Vectors;

describe('Aliyun RPC signature V2', () => {
  it('has vectors at all (the walks below are not vacuous)', () => {
    expect(data.aliyunRpcV2.vectors.length).toBeGreaterThanOrEqual(5);
    expect(Object.keys(data.percentEncode.cases).length).toBeGreaterThanOrEqual(5);
  });

  it.each(Object.entries(data.percentEncode.cases))('percent-encodes %j as %s (RFC 3986)', (input, expected) => {
    expect(percentEncode(input)).toBe(expected);
  });

  it.each(data.aliyunRpcV2.vectors.map((v) => [v.id, v] as const))('reproduces vector %s', (_, vector) => {
    expect(canonicalQuery(vector.params)).toBe(vector.expect.canonicalQuery);
    expect(stringToSign(vector.method, vector.params)).toBe(vector.expect.stringToSign);
    expect(signRpcV2(vector.method, vector.params, vector.secret)).toBe(vector.expect.signature);
    expect(verifyRpcV2(vector.method, { ...vector.params, Signature: vector.expect.signature }, vector.secret)).toBe(true);
  });

  it('refuses a changed parameter, another method, another secret or a missing signature', () => {
    const vector = data.aliyunRpcV2.vectors.find((v) => v.params.Action === 'SendBatchSms') ?? data.aliyunRpcV2.vectors[0];
    if (!vector) throw new Error('no vector');
    const signed = { ...vector.params, Signature: vector.expect.signature };
    expect(verifyRpcV2(vector.method, { ...signed, Timestamp: '2030-01-01T00:00:00Z' }, vector.secret)).toBe(false);
    expect(verifyRpcV2(vector.method === 'GET' ? 'POST' : 'GET', signed, vector.secret)).toBe(false);
    expect(verifyRpcV2(vector.method, signed, `${vector.secret}x`)).toBe(false);
    expect(verifyRpcV2(vector.method, vector.params, vector.secret)).toBe(false);
  });
});
