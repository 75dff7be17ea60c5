const GID = /^gid:\/\/[a-z]+\/[A-Za-z]+\/([^/?]+)/;
const PLAIN_ID = /^[A-Za-z0-9_.:-]+$/;

/**
 * A channel id as the canonical model keeps it: a plain string. Shopify GIDs lose their prefix
 * (`gid://shopify/Order/450789469` → `450789469`); numbers are never routed through `Number`.
 */
export function toExternalId(value: unknown): string | null {
  if (value === null || value === undefined || value === '' || value === 0 || value === '0') return null;
  let text: string;
  if (typeof value === 'string') text = value.trim();
  // An integer beyond 2^53 reaches here as a number only when its text survived the exact parse.
  else if (typeof value === 'number' && Number.isInteger(value) && !/e/i.test(String(value)))
    text = String(value);
  else if (typeof value === 'bigint') text = value.toString();
  else return null;
  const gid = GID.exec(text);
  if (gid?.[1]) text = gid[1];
  return PLAIN_ID.test(text) ? text : null;
}

export function requireExternalId(value: unknown, what: string): string {
  const id = toExternalId(value);
  if (id === null) throw new TypeError(`${what} has no usable id (${JSON.stringify(value)})`);
  return id;
}
