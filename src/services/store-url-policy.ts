import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';
import { ValidationError } from '../core/errors';

/** Addresses a store URL must never resolve to: the hub would be talking to itself or its network. */
const FORBIDDEN = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const) {
  FORBIDDEN.addSubnet(net, prefix, 'ipv4');
}
for (const [net, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const) {
  FORBIDDEN.addSubnet(net, prefix, 'ipv6');
}

export function isForbiddenAddress(address: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped?.[1]) return FORBIDDEN.check(mapped[1], 'ipv4');
  const family = isIP(address);
  if (family === 0) return true;
  return FORBIDDEN.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

export type Resolver = (host: string) => Promise<string[]>;

const systemResolver: Resolver = async (host) =>
  (await lookup(host, { all: true, verbatim: true })).map((a) => a.address);

function isAllowedHost(url: URL, allowedHosts: readonly string[]): boolean {
  const host = url.hostname.toLowerCase().replace(/^\[|\]$/g, '');
  return allowedHosts.includes(host) || allowedHosts.includes(url.host.toLowerCase());
}

/**
 * The rules a store URL must follow, at connect and before every request: https, and no loopback,
 * private or link-local address, unless its host is in HUB_ALLOWED_STORE_HOSTS (local sandboxes
 * and tests, which may then use http). Returns the URL normalised without trailing slash.
 */
export async function checkStoreUrl(
  raw: string,
  allowedHosts: readonly string[],
  resolve: Resolver = systemResolver,
): Promise<string> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ValidationError('storeUrl is not a URL', [
      { field: 'storeUrl', message: 'must be an absolute URL' },
    ]);
  }
  const fail = (message: string) =>
    new ValidationError(`storeUrl ${message}`, [{ field: 'storeUrl', message }]);
  if (url.username || url.password) throw fail('must not carry credentials');
  if (url.search || url.hash) throw fail('must not have a query or fragment');
  const allowed = isAllowedHost(url, allowedHosts);
  if (url.protocol !== 'https:' && !(allowed && url.protocol === 'http:')) throw fail('must use https');
  if (!allowed) {
    const host = url.hostname.replace(/^\[|\]$/g, '');
    let addresses: string[];
    try {
      addresses = isIP(host) ? [host] : await resolve(host);
    } catch {
      throw fail(`host ${host} does not resolve`);
    }
    if (addresses.length === 0 || addresses.some(isForbiddenAddress)) {
      throw fail(
        'resolves to a loopback, private or link-local address (allow it in HUB_ALLOWED_STORE_HOSTS for local stores)',
      );
    }
  }
  return `${url.protocol}//${url.host}${url.pathname.replace(/\/+$/, '')}`;
}
