import { clientAddress, parseTrustProxy, type TrustProxy } from './client-address';

function trust(value: string): TrustProxy {
  const parsed = parseTrustProxy(value);
  if (typeof parsed === 'string') throw new Error(parsed);
  return parsed;
}

describe('clientAddress', () => {
  it.each([
    ['off: the socket peer, whatever X-Forwarded-For says', '', '10.0.0.2', '203.0.113.9', '10.0.0.2'],
    ['off: an IPv4-mapped peer is unmapped', '', '::ffff:10.0.0.2', undefined, '10.0.0.2'],
    ['1 hop: the entry the proxy appended', '1', '10.0.0.2', '203.0.113.9', '203.0.113.9'],
    ['1 hop: a spoofed entry before it is ignored', '1', '10.0.0.2', '1.1.1.1, 203.0.113.9', '203.0.113.9'],
    ['2 hops: the client behind two proxies', '2', '10.0.0.2', '1.1.1.1, 203.0.113.9, 10.0.0.3', '203.0.113.9'],
    ['2 hops with only one entry: that entry', '2', '10.0.0.2', '203.0.113.9', '203.0.113.9'],
    ['1 hop without the header: the peer', '1', '10.0.0.2', undefined, '10.0.0.2'],
    ['1 hop and a malformed entry: the peer', '1', '10.0.0.2', 'not-an-ip', '10.0.0.2'],
    ['list: a trusted peer names the client', '10.0.0.0/8', '10.0.0.2', '203.0.113.9', '203.0.113.9'],
    ['list: trusted hops are skipped', '10.0.0.0/8', '10.0.0.2', '1.1.1.1, 203.0.113.9, 10.9.9.9', '203.0.113.9'],
    ['list: an untrusted peer is the client', '10.0.0.0/8', '198.51.100.4', '203.0.113.9', '198.51.100.4'],
    ['list: IPv6 proxies', 'fd00::/8', 'fd00::1', '2001:db8::5', '2001:db8::5'],
  ])('%s', (_name, trustValue, socket, forwardedFor, expected) => {
    expect(clientAddress(socket, forwardedFor, trust(trustValue))).toBe(expected);
  });

  it('has no address without a socket peer', () => {
    expect(clientAddress(undefined, '203.0.113.9', trust('1'))).toBeNull();
  });
});
