import net from 'node:net';

/**
 * Which hops in front of the app are trusted to say who the client is (TRUST_PROXY):
 * none (X-Forwarded-For is ignored), a number of proxy hops, or the proxies' addresses / CIDRs.
 */
export type TrustProxy = { kind: 'off' } | { kind: 'hops'; hops: number } | { kind: 'addresses'; list: net.BlockList; text: string[] };

/** Strips the IPv4-mapped prefix (`::ffff:10.0.0.1` → `10.0.0.1`) so one client has one key. */
export function normalizeAddress(address: string): string {
  const unmapped = address.startsWith('::ffff:') ? address.slice(7) : address;
  return net.isIPv4(unmapped) ? unmapped : address;
}

/** Parses one TRUST_PROXY entry (`10.0.0.1`, `10.0.0.0/8`, `fd00::/8`) into `list`; false when it is not one. */
function addEntry(list: net.BlockList, entry: string): boolean {
  const [address = '', prefixText] = entry.split('/');
  const family = net.isIPv4(address) ? 'ipv4' : net.isIPv6(address) ? 'ipv6' : null;
  if (!family) return false;
  if (prefixText === undefined) {
    list.addAddress(address, family);
    return true;
  }
  const prefix = /^\d{1,3}$/.test(prefixText) ? Number(prefixText) : -1;
  if (prefix < 0 || prefix > (family === 'ipv4' ? 32 : 128)) return false;
  list.addSubnet(address, prefix, family);
  return true;
}

/**
 * Reads TRUST_PROXY: unset / `false` / `0` → off; `1`…`10` → that many hops; otherwise a comma-separated
 * list of addresses and CIDRs. Returns an error message for anything else (`true` is refused on purpose:
 * trusting every hop lets any client choose its own address).
 */
export function parseTrustProxy(value: string | undefined): TrustProxy | string {
  const text = (value ?? '').trim();
  if (text === '' || text === 'false' || text === '0') return { kind: 'off' };
  if (/^\d+$/.test(text)) {
    const hops = Number(text);
    return hops <= 10 ? { kind: 'hops', hops } : 'a hop count must be 0 to 10';
  }
  const entries = text
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  const list = new net.BlockList();
  const bad = entries.filter((entry) => !addEntry(list, entry));
  if (bad.length > 0 || entries.length === 0) return `must be a hop count or proxy addresses/CIDRs (not ${bad.join(', ') || text})`;
  return { kind: 'addresses', list, text: entries };
}

function isTrusted(trust: TrustProxy, address: string, hop: number): boolean {
  if (trust.kind === 'hops') return hop < trust.hops;
  if (trust.kind === 'off') return false;
  return trust.list.check(address, net.isIPv4(address) ? 'ipv4' : 'ipv6');
}

/**
 * The client's address: the socket peer, unless it is a trusted proxy, in which case the
 * X-Forwarded-For entries are walked from the right (the nearest hop first) while each hop is
 * trusted. A malformed entry ends the walk at the last hop that was well-formed.
 */
export function clientAddress(socketAddress: string | undefined, forwardedFor: string | undefined, trust: TrustProxy): string | null {
  if (!socketAddress) return null;
  let client = normalizeAddress(socketAddress);
  if (trust.kind === 'off' || !forwardedFor) return client;
  const hops = forwardedFor
    .split(',')
    .map((entry) => normalizeAddress(entry.trim()))
    .reverse();
  for (let hop = 0; hop < hops.length && isTrusted(trust, client, hop); hop += 1) {
    const next = hops[hop] ?? '';
    if (!net.isIP(next)) break;
    client = next;
  }
  return client;
}
