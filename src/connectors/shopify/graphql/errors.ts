import { ChannelError } from '../../../core/errors';
import type { JsonValue } from '../../../core/json';
import { parseRetryAfter } from '../../../core/retry-after';
import { COST_DEFAULTS, RATE_LIMIT_STATUSES, SHOPIFY_PLATFORM } from '../platform';
import { throttledWaitMs, type QueryCost } from './cost';

const platform = SHOPIFY_PLATFORM;

export interface GraphqlError {
  message: string;
  code: string | null;
  path: string | null;
}

/** The `errors` of an answer: a list of `{message, extensions: {code}}`, or (401s) one string. */
export function readGraphqlErrors(errors: JsonValue | undefined): GraphqlError[] {
  if (typeof errors === 'string') return [{ message: errors, code: null, path: null }];
  if (!Array.isArray(errors)) return [];
  return errors.map((error) => {
    const entry = typeof error === 'object' && error !== null && !Array.isArray(error) ? error : {};
    const extensions = entry.extensions;
    const code =
      typeof extensions === 'object' &&
      extensions !== null &&
      !Array.isArray(extensions) &&
      typeof extensions.code === 'string'
        ? extensions.code
        : null;
    return {
      message: typeof entry.message === 'string' ? entry.message : JSON.stringify(error),
      code,
      path: Array.isArray(entry.path) ? entry.path.join('.') : null,
    };
  });
}

/** A refusal named by the HTTP status alone (the body, if any, said nothing more precise). */
export function httpStatusError(
  status: number,
  retryAfter: string | null,
  cost: QueryCost | null,
): ChannelError | null {
  if (status >= 200 && status < 300) return null;
  if (RATE_LIMIT_STATUSES.includes(status)) {
    const retryAfterMs =
      parseRetryAfter(retryAfter) ?? (cost ? throttledWaitMs(cost) : COST_DEFAULTS.fallbackRetryAfterMs);
    return new ChannelError('rate_limited', `Shopify answered ${status}: slow down`, {
      platform,
      status,
      retryAfterMs,
    });
  }
  if (status === 401) {
    return new ChannelError(
      'auth',
      'Shopify refused the access token (401): it was revoked or the app was uninstalled',
      {
        platform,
        status,
      },
    );
  }
  if (status === 403) {
    return new ChannelError('auth', 'Shopify refused access (403): the app lacks a required access scope', {
      platform,
      status,
    });
  }
  if (status === 402 || status === 423) {
    const what = status === 402 ? 'frozen (unpaid plan)' : 'locked';
    return new ChannelError('rejected', `the Shopify store is ${what} (${status})`, { platform, status });
  }
  if (status === 404) {
    return new ChannelError('not_found', 'no Shopify Admin API at this store URL (404)', {
      platform,
      status,
    });
  }
  if (status >= 500)
    return new ChannelError('unavailable', `Shopify answered ${status}`, { platform, status });
  return new ChannelError('rejected', `Shopify refused the request (${status})`, { platform, status });
}

/** The error an answer's `errors` amount to; THROTTLED first, whatever the HTTP status [16]. */
export function graphqlErrorsError(
  errors: GraphqlError[],
  cost: QueryCost | null,
  status: number,
): ChannelError {
  const channelCode = errors.find((e) => e.code !== null)?.code ?? undefined;
  const messages = errors.map((e) => (e.path ? `${e.path}: ${e.message}` : e.message)).join('; ');
  if (errors.some((e) => e.code === 'THROTTLED')) {
    return new ChannelError('rate_limited', `Shopify throttled the query (${messages})`, {
      platform,
      status,
      channelCode: 'THROTTLED',
      retryAfterMs: throttledWaitMs(cost),
    });
  }
  const denied = errors.find((e) => e.code === 'ACCESS_DENIED');
  if (denied) {
    const protectedData = /not approved to access|protected customer data/i.test(denied.message);
    const message = protectedData
      ? `Shopify denied access to protected customer data: the app is not approved for it (${denied.message}). ` +
        'Request protected customer data access for the app in the Partner Dashboard.'
      : `Shopify denied access: the app lacks an access scope (${messages})`;
    return new ChannelError('auth', message, { platform, status, channelCode: 'ACCESS_DENIED' });
  }
  if (errors.some((e) => e.code === 'INTERNAL_SERVER_ERROR' || e.code === 'SERVICE_UNAVAILABLE')) {
    return new ChannelError('unavailable', `Shopify failed internally (${messages})`, {
      platform,
      status,
      channelCode,
    });
  }
  if (status === 401) {
    return new ChannelError('auth', `Shopify refused the access token (${messages})`, {
      platform,
      status,
      channelCode,
    });
  }
  return new ChannelError('rejected', `Shopify refused the query (${messages})`, {
    platform,
    status,
    channelCode,
  });
}
