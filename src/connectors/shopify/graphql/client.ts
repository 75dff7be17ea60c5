import { ChannelError, isChannelError } from '../../../core/errors';
import type { ConnectorContext } from '../../../core/integration';
import { isJsonObject, parseJsonExact, type JsonObject, type JsonValue } from '../../../core/json';
import { withChannelRetries, type Sleep } from '../../../core/retry-policy';
import { SHOPIFY_API_VERSION, SHOPIFY_PLATFORM } from '../platform';
import { bucketFeedback, readQueryCost } from './cost';
import type { ShopifyDocument } from './document';
import { graphqlEndpoint } from './endpoint';
import { graphqlErrorsError, httpStatusError, readGraphqlErrors } from './errors';
import { httpExchange } from '../http';

export interface ShopifyClientOptions {
  httpTimeoutMs: number;
  isPlainHttpAllowed: (host: string) => boolean;
  sleep: Sleep;
  /** Last `requestedQueryCost` per document name, shared by every call of one connector. */
  costMemory: Map<string, number>;
}

export type Variables = Record<string, JsonValue | undefined>;

/** Carries an error out of withChannelRetries without a retry. */
class NotRetried extends Error {
  constructor(readonly error: ChannelError) {
    super(error.message);
  }
}

/**
 * The Admin GraphQL API of one store for one connector call. Every request waits for the rate
 * gate, reports `extensions.cost` back to it, maps refusals to ChannelErrors and is retried per
 * the hub's retry policy.
 *
 * Plain fetch rather than @shopify/admin-api-client: the connector needs the raw body (ids beyond
 * 2^53 parsed exactly), the response headers (served API version) and `extensions.cost` of refused
 * answers, and points at sandbox URLs over http.
 */
export class ShopifyGraphqlClient {
  /** The version Shopify said it served, when it differs from the pinned one. */
  servedApiVersion: string | null = null;
  private readonly endpoint: string;
  private readonly warned = new Set<string>();

  constructor(
    readonly ctx: ConnectorContext,
    private readonly options: ShopifyClientOptions,
  ) {
    this.endpoint = graphqlEndpoint(ctx.storeUrl, options.isPlainHttpAllowed);
  }

  /**
   * Runs a query or mutation and returns its `data`. A mutation is sent again only after a refusal
   * for rate (Shopify did nothing); after a network failure or a 5xx it may have been applied, so
   * the error goes to the caller, whose retry reads the store's state first.
   */
  async request(document: ShopifyDocument, variables: Variables = {}): Promise<JsonObject> {
    const mutation = document.text.startsWith('mutation');
    try {
      return await withChannelRetries(
        async () => {
          try {
            return await this.attempt(document, variables);
          } catch (error) {
            if (mutation && isChannelError(error) && error.kind === 'unavailable')
              throw new NotRetried(error);
            throw error;
          }
        },
        {
          sleep: this.options.sleep,
          signal: this.ctx.signal,
          onRetry: (error, delayMs) =>
            this.ctx.log.warn(
              {
                integrationId: this.ctx.integrationId,
                operation: document.name,
                delayMs,
                error: String(error),
              },
              'Shopify call failed, retrying',
            ),
        },
      );
    } catch (error) {
      throw error instanceof NotRetried ? error.error : error;
    }
  }

  private async attempt(document: ShopifyDocument, variables: Variables): Promise<JsonObject> {
    const token = this.ctx.credentials.accessToken;
    if (!token)
      throw new ChannelError('auth', 'no Shopify access token in the credentials', {
        platform: SHOPIFY_PLATFORM,
      });
    await this.ctx.rateGate.acquire(
      this.options.costMemory.get(document.name) ?? document.estimatedCost,
      this.ctx.lane,
    );
    const response = await httpExchange(this.endpoint, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/json',
        'x-shopify-access-token': token,
      },
      body: JSON.stringify({ query: document.text, variables }),
      timeoutMs: this.options.httpTimeoutMs,
      signal: this.ctx.signal,
    });
    this.noteHeaders(response.headers);

    const body = parseBody(response.text);
    const cost = readQueryCost(body?.extensions);
    const feedback = bucketFeedback(cost);
    if (feedback) await this.ctx.rateGate.report(feedback);
    if (cost?.requestedQueryCost) this.options.costMemory.set(document.name, cost.requestedQueryCost);

    const errors = readGraphqlErrors(body?.errors);
    const refusal =
      errors.length > 0 && (response.status < 300 || errors.some((e) => e.code === 'THROTTLED'))
        ? graphqlErrorsError(errors, cost, response.status)
        : httpStatusError(response.status, response.headers.get('retry-after'), cost);
    if (refusal) {
      if (refusal.kind === 'rate_limited') {
        await this.ctx.rateGate.report({ kind: 'throttled', retryAfterMs: refusal.retryAfterMs ?? 0 });
      }
      throw refusal;
    }
    if (!body || !isJsonObject(body.data ?? null)) {
      throw new ChannelError(
        'protocol',
        `Shopify answered something that is not a GraphQL answer: ${preview(response.text)}`,
        {
          platform: SHOPIFY_PLATFORM,
          status: response.status,
        },
      );
    }
    return body.data as JsonObject;
  }

  /** Records a served version other than the pinned one, and deprecations, once per call. */
  private noteHeaders(headers: Headers): void {
    const served = headers.get('x-shopify-api-version');
    if (served && served !== SHOPIFY_API_VERSION) {
      this.servedApiVersion = served;
      this.warnOnce(
        `version:${served}`,
        { requested: SHOPIFY_API_VERSION, served },
        `Shopify served API version ${served} instead of the pinned ${SHOPIFY_API_VERSION}`,
      );
    }
    const deprecated = headers.get('x-shopify-api-deprecated-reason');
    if (deprecated) {
      this.warnOnce(
        `deprecated:${deprecated}`,
        { deprecated },
        `Shopify reports deprecated fields in use: ${deprecated}`,
      );
    }
  }

  private warnOnce(key: string, details: Record<string, unknown>, message: string): void {
    if (this.warned.has(key)) return;
    this.warned.add(key);
    this.ctx.log.warn({ integrationId: this.ctx.integrationId, ...details }, message);
  }
}

function parseBody(text: string): JsonObject | null {
  try {
    const body = parseJsonExact(text);
    return isJsonObject(body) ? body : null;
  } catch {
    return null;
  }
}

function preview(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return JSON.stringify(flat.length > 80 ? `${flat.slice(0, 80)}…` : flat);
}
