import { ChannelError, isChannelError } from '../../../core/errors';
import type { ConnectorContext } from '../../../core/integration';
import type { JsonValue } from '../../../core/json';
import { type Sleep, withChannelRetries } from '../../../core/retry-policy';
import { WOOCOMMERCE } from '../platform';
import { channelError, errorForExchange, readBody, type RawExchange } from './errors';
import {
  exchange,
  exchangePublic,
  storeBaseUrl,
  type HttpMethod,
  type QueryValue,
  type TransportOptions,
} from './transport';

export interface ClientOptions extends TransportOptions {
  /** How retries wait; tests pass a recorder instead of real time. */
  sleep?: Sleep;
}

export interface WooRequest {
  method: HttpMethod;
  /** Under `/wp-json/wc/v3/`, e.g. `orders/21`. */
  path: string;
  query?: Record<string, QueryValue>;
  body?: JsonValue;
  /** What the call does, for messages: "reading order 21". */
  what: string;
  /**
   * Whether sending it twice is harmless. GET, PUT and DELETE are; a POST that creates (a note, a
   * webhook) is not, so it is retried only after a 429, which WooCommerce answers before doing anything.
   */
  idempotent?: boolean;
}

export interface WooResponse {
  status: number;
  headers: Readonly<Record<string, string>>;
  body: JsonValue;
}

/** Carries an error out of withChannelRetries without a retry. */
class NotRetried extends Error {
  constructor(readonly error: ChannelError) {
    super(error.message);
  }
}

/**
 * wc/v3 for one store and one call context: each attempt waits for the store's rate gate first,
 * tells it about 429s, and goes through the hub's one retry policy (Retry-After honoured).
 */
export class WooClient {
  private readonly base: string;

  constructor(
    private readonly ctx: ConnectorContext,
    private readonly options: ClientOptions,
  ) {
    this.base = storeBaseUrl(ctx.storeUrl, options);
  }

  async send(request: WooRequest): Promise<WooResponse> {
    return this.withRetries(request, () =>
      exchange(
        this.base,
        this.ctx.credentials,
        this.options,
        {
          method: request.method,
          path: request.path,
          query: request.query ?? {},
          body: request.body,
          what: request.what,
        },
        this.ctx.signal,
      ),
    );
  }

  /** A GET of a public route under `/wp-json/` outside wc/v3, without credentials. */
  async sendPublic(request: {
    path: string;
    query?: Record<string, QueryValue>;
    what: string;
  }): Promise<WooResponse> {
    return this.withRetries({ ...request, method: 'get' }, () =>
      exchangePublic(
        this.base,
        this.options,
        { path: request.path, query: request.query ?? {}, what: request.what },
        this.ctx.signal,
      ),
    );
  }

  private async withRetries(request: WooRequest, call: () => Promise<RawExchange>): Promise<WooResponse> {
    const idempotent = request.idempotent ?? request.method !== 'post';
    try {
      return await withChannelRetries(
        async () => {
          try {
            return await this.attempt(request, call);
          } catch (error) {
            if (!idempotent && isChannelError(error) && error.kind === 'unavailable') {
              throw new NotRetried(error);
            }
            throw error;
          }
        },
        {
          sleep: this.options.sleep,
          signal: this.ctx.signal,
          onRetry: (error, delayMs) =>
            this.ctx.log.warn(
              { error: String(error), delayMs, what: request.what },
              'woocommerce call retried',
            ),
        },
      );
    } catch (error) {
      throw error instanceof NotRetried ? error.error : error;
    }
  }

  /** Like `send`, but a missing resource (404 …_invalid_id) is null rather than an error. */
  async sendOrNull(request: WooRequest): Promise<WooResponse | null> {
    try {
      return await this.send(request);
    } catch (error) {
      if (isChannelError(error) && error.kind === 'not_found') return null;
      throw error;
    }
  }

  private async attempt(request: WooRequest, call: () => Promise<RawExchange>): Promise<WooResponse> {
    await this.ctx.rateGate.acquire(1, this.ctx.lane);
    const raw = await call();
    const body = readBody(raw);
    const error = errorForExchange(raw, body, request.what);
    if (error?.kind === 'rate_limited') {
      await this.ctx.rateGate.report({
        kind: 'throttled',
        retryAfterMs: error.retryAfterMs ?? WOOCOMMERCE.defaultThrottleMs,
      });
    }
    if (error) throw error;
    if (body.kind !== 'json') {
      throw channelError('protocol', `unreadable answer to ${request.what}`, { status: raw.status });
    }
    return { status: raw.status, headers: raw.headers, body: body.value };
  }
}

/** The `X-WP-Total` / `X-WP-TotalPages` header as a number, or null when absent or not a number. */
export function countHeader(response: WooResponse, name: string): number | null {
  const value = response.headers[name];
  if (value === undefined || !/^\d+$/.test(value.trim())) return null;
  return Number(value.trim());
}
