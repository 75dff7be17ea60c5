import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The message Shopify signs on an admin redirect (install, OAuth callback) [13]: every parameter
 * but `hmac` and `signature`, keys sorted, `k=v` joined with `&`, URL-encoded as URLSearchParams
 * does with spaces as `%20` (Shopify's own library: `stringifyQueryForAdmin`).
 */
export function adminQueryMessage(query: Readonly<Record<string, string>>): string {
  const params = new URLSearchParams();
  for (const key of Object.keys(query).sort((a, b) => a.localeCompare(b))) {
    if (key === 'hmac' || key === 'signature') continue;
    params.append(key, query[key]!);
  }
  return params.toString().replace(/\+/g, '%20');
}

export function signAdminQuery(query: Readonly<Record<string, string>>, secret: string): string {
  return createHmac('sha256', secret).update(adminQueryMessage(query)).digest('hex');
}

/** Constant-time check of the query's `hmac` (hex HMAC-SHA256 with the app's secret). */
export function isAdminQuerySigned(query: Readonly<Record<string, string>>, secret: string): boolean {
  const given = query.hmac ?? '';
  if (!/^[0-9a-f]{64}$/i.test(given)) return false;
  const expected = Buffer.from(signAdminQuery(query, secret), 'hex');
  return timingSafeEqual(Buffer.from(given.toLowerCase(), 'hex'), expected);
}
