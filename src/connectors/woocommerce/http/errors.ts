import { ChannelError, type ChannelErrorKind } from '../../../core/errors';
import { isJsonObject, parseJsonExact, type JsonValue } from '../../../core/json';
import { parseRetryAfter } from '../../../core/retry-after';
import { WOOCOMMERCE } from '../platform';

/** An HTTP exchange as the transport saw it: status, lower-cased headers, body text. */
export interface RawExchange {
  status: number;
  headers: Readonly<Record<string, string>>;
  text: string;
}

/** The error object WooCommerce and WordPress answer with: `{code, message, data: {status, params}}`. */
interface WooErrorBody {
  code: string;
  message: string;
  params: string[];
}

type Body =
  | { kind: 'json'; value: JsonValue }
  | { kind: 'html'; title: string | null }
  | { kind: 'other'; snippet: string };

const platform = WOOCOMMERCE.platform;

export function channelError(
  kind: ChannelErrorKind,
  message: string,
  meta: Omit<ChannelError['meta'], 'platform'> = {},
) {
  return new ChannelError(kind, message, { platform, ...meta });
}

/** Reads a body: JSON (exact numbers), an HTML page (with its title), or something else. */
export function readBody(exchange: RawExchange): Body {
  const text = exchange.text.replace(/^\uFEFF/, '');
  const type = exchange.headers['content-type'] ?? '';
  const trimmed = text.trimStart();
  if (/text\/html/i.test(type) || /^<(!doctype|html|head|body)/i.test(trimmed)) {
    return { kind: 'html', title: htmlTitle(text) };
  }
  try {
    return { kind: 'json', value: parseJsonExact(text) };
  } catch {
    return { kind: 'other', snippet: trimmed.slice(0, 120) };
  }
}

function wooErrorBody(value: JsonValue): WooErrorBody | null {
  if (!isJsonObject(value) || typeof value.code !== 'string') return null;
  const data = isJsonObject(value.data) ? value.data : {};
  const params = isJsonObject(data.params)
    ? Object.entries(data.params).map(([name, why]) => `${name}: ${String(why)}`)
    : [];
  return { code: value.code, message: typeof value.message === 'string' ? value.message : '', params };
}

/**
 * The ChannelError for an answer that is not a success, or null for a 2xx JSON answer. 5xx and 429
 * are retryable whatever their body (a gateway's or WordPress maintenance page is HTML, and
 * maintenance mode sends Retry-After); any other HTML page is not the API at all.
 */
export function errorForExchange(exchange: RawExchange, body: Body, what: string): ChannelError | null {
  const { status } = exchange;
  const retryAfterMs = parseRetryAfter(exchange.headers[WOOCOMMERCE.headers.retryAfter]);
  const described = describeBody(body);
  if (status === 429) {
    return channelError('rate_limited', `the store throttled ${what} (429${described})`, {
      status,
      retryAfterMs: retryAfterMs ?? WOOCOMMERCE.defaultThrottleMs,
    });
  }
  if (status >= 500) {
    return channelError('unavailable', `the store failed on ${what} (${status}${described})`, {
      status,
      retryAfterMs,
    });
  }
  if (status >= 300 && status < 400) {
    const location = exchange.headers.location ?? 'nowhere';
    return channelError(
      'protocol',
      `the store redirected ${what} (${status}) to ${location}: connect it with the URL it redirects to`,
      { status },
    );
  }
  if (body.kind === 'html') {
    const title = body.title === null ? 'no title' : `title: "${body.title}"`;
    return channelError(
      'protocol',
      `the store answered ${what} with an HTML page (${status}, ${title}) instead of JSON: a security plugin, a firewall or maintenance mode?`,
      { status },
    );
  }
  if (status < 300) {
    if (body.kind === 'json') return null;
    return channelError(
      'protocol',
      `the store answered ${what} with something that is not JSON (${status}): "${body.snippet}"`,
      { status },
    );
  }
  const error = body.kind === 'json' ? wooErrorBody(body.value) : null;
  const channelCode = error?.code;
  if (status === 401 || status === 403) {
    return channelError('auth', authMessage(status, error, what), { status, channelCode });
  }
  if (status === 404 && channelCode === WOOCOMMERCE.errorCodes.noRoute) {
    return channelError(
      'protocol',
      `the store has no ${WOOCOMMERCE.apiVersion} route for ${what}: is WooCommerce active and up to date?`,
      { status, channelCode },
    );
  }
  const kind: ChannelErrorKind = status === 404 || status === 410 ? 'not_found' : 'rejected';
  return channelError(kind, `WooCommerce refused ${what} (${status}${described})`, { status, channelCode });
}

function describeBody(body: Body): string {
  if (body.kind === 'json') {
    const error = wooErrorBody(body.value);
    if (error === null) return '';
    const params = error.params.length > 0 ? ` [${error.params.join('; ')}]` : '';
    return ` ${error.code}: ${error.message}${params}`;
  }
  if (body.kind === 'html') {
    return body.title === null ? ', an HTML page' : `, an HTML page titled "${body.title}"`;
  }
  return body.snippet === '' ? '' : `: "${body.snippet}"`;
}

/**
 * Says which credential is wrong. Observed on WooCommerce 11.0.1: an unknown consumer key is not
 * authenticated at all, so the route's own check answers `woocommerce_rest_cannot_view`; a known
 * key with a wrong secret answers `woocommerce_rest_authentication_error` "Consumer secret is invalid.".
 */
function authMessage(status: number, error: WooErrorBody | null, what: string): string {
  const said = error === null ? `${status}` : `${status} ${error.code}: ${error.message}`;
  if (error?.code === WOOCOMMERCE.errorCodes.authentication) {
    if (/secret is invalid/i.test(error.message)) {
      return `the store knows this consumer key but the consumer secret is wrong (${said}); paste the secret issued with the key`;
    }
    if (/key is invalid/i.test(error.message)) return `the store does not know this consumer key (${said})`;
    if (/does not have (read|write)/i.test(error.message)) {
      return `the API key lacks the permission for ${what} (${said}); issue a Read/Write key`;
    }
    return `the store refused the credentials (${said})`;
  }
  if (status === 401) {
    return `the store does not recognise these credentials for ${what} (${said}): the consumer key is unknown (revoked, deleted or mistyped), or a proxy strips the Authorization header`;
  }
  return `the API key's WordPress user may not do ${what} (${said}); use a key of an administrator or shop manager`;
}

/** Whether an auth error says the key is read-only (WooCommerce: "does not have write permissions"). */
export function isReadOnlyKeyError(error: unknown): boolean {
  return (
    error instanceof ChannelError &&
    error.kind === 'auth' &&
    /does not have write permission/i.test(error.message)
  );
}

/** A failure before any answer: refused connection, DNS, TLS, timeout. Always worth a retry. */
export function transportError(error: unknown, what: string): ChannelError {
  const code = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : '';
  const reason = error instanceof Error ? error.message : String(error);
  const timeout = code === 'ECONNABORTED' || code === 'ETIMEDOUT' || /timeout/i.test(reason);
  const message = timeout
    ? `the store did not answer ${what} in time (${reason})`
    : `the store could not be reached for ${what} (${code || reason})`;
  return channelError('unavailable', message, { cause: error });
}

function htmlTitle(html: string): string | null {
  const match = /<title[^>]*>([\s\S]*?)<\/title>/i.exec(html);
  if (!match?.[1]) return null;
  const title = match[1]
    .replace(/&amp;/g, '&')
    .replace(/&#8211;|&ndash;/g, '–')
    .replace(/&#8212;|&mdash;/g, '—')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/\s+/g, ' ')
    .trim();
  return title === '' ? null : title.slice(0, 100);
}
