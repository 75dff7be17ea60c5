import { randomUUID } from 'node:crypto';
import { Faults } from '../common/faults';
import { RequestLog } from '../common/request-log';
import { header, sleep, startServer, type SandboxRequest, type SandboxResponse } from '../common/server';
import { LeakyBucket, PLAN_BUCKETS } from './graphql/bucket';
import { ShopifyGraphql, type GraphqlRequest } from './graphql/execute';
import { loadAdminSchema, SCHEMA_VERSION } from './schema';
import { ShopifyStore, type ShopPlan } from './store';

export interface ShopifySandboxOptions {
  /** Seeded orders (default 200). */
  orders?: number;
  seed?: number;
  /** Rate-limit bucket: standard 2000/100 per s, advanced 4000/200, plus 20000/1000 (default standard). */
  plan?: ShopPlan;
  accessToken?: string;
  /** Signs webhooks (X-Shopify-Hmac-Sha256). */
  apiSecretKey?: string;
  /** Shop currency (default USD). */
  currency?: string;
  /** Present every order in this currency (default: a mix; ~20% of orders in a foreign currency). */
  presentmentCurrency?: string;
  /** Shop-level taxes_included for home-market orders (default false). */
  taxesIncluded?: boolean;
  timeZone?: string;
  shopDomain?: string;
  /** Seeded orders are spread over the year before this instant (default: now). */
  seedUntil?: Date;
  port?: number;
  accessScopes?: string[];
  /** Overrides the bucket size/restore rate of `plan`. */
  bucket?: { maximumAvailable: number; restoreRate: number };
  /** Introspection file to build the schema from (default: the bundled 2025-01 one). */
  schemaPath?: string;
  /** Minimum run time of a bulk operation (default 300 ms), so clients really poll. */
  bulkMinDurationMs?: number;
}

export interface ShopifyCredentials {
  accessToken: string;
  apiSecretKey: string;
}

export class ShopifyFaults extends Faults {
  constructor(private readonly bucket: LeakyBucket) {
    super();
  }

  /** Empties the GraphQL cost bucket (next costly query is THROTTLED). */
  drainBucket(leave = 0): this {
    this.bucket.drain(leave);
    return this;
  }
}

export interface ShopifySandbox {
  url: string;
  shopDomain: string;
  /** `${url}/admin/api/${version}/graphql.json`. */
  graphqlUrl(version?: string): string;
  credentials: ShopifyCredentials;
  store: ShopifyStore;
  faults: ShopifyFaults;
  bucket: LeakyBucket;
  requests: RequestLog;
  close(): Promise<void>;
}

export const DEFAULT_SCOPES = [
  'read_orders',
  'write_orders',
  'read_all_orders',
  'read_products',
  'write_products',
  'read_inventory',
  'write_inventory',
  'read_locations',
  'read_fulfillments',
  'write_fulfillments',
  'read_merchant_managed_fulfillment_orders',
  'write_merchant_managed_fulfillment_orders',
  'read_assigned_fulfillment_orders',
  'write_assigned_fulfillment_orders',
  'read_customers',
];

const VERSION = /^\/admin\/api\/(\d{4}-\d{2}|unstable)\/graphql\.json$/;
const SUPPORTED = /^(\d{4}-(01|04|07|10)|unstable)$/;

function json(status: number, body: unknown, headers: Record<string, string> = {}): SandboxResponse {
  return {
    status,
    headers: { 'Content-Type': 'application/json; charset=utf-8', 'X-Request-Id': randomUUID(), ...headers },
    body: JSON.stringify(body),
  };
}

function faulted(faults: Faults): SandboxResponse | null {
  const f = faults.next();
  switch (f.kind) {
    case 'rateLimit':
      return json(
        429,
        {
          errors:
            'Exceeded 2 calls per second for api client. Reduce request rates to resume uninterrupted service.',
        },
        { 'Retry-After': `${f.retryAfterSeconds.toFixed(1)}` },
      );
    case 'serverError':
      return json(f.status, { errors: f.status === 503 ? 'Service Unavailable' : 'Internal Server Error' });
    case 'html':
      return {
        status: f.status,
        headers: { 'Content-Type': 'text/html; charset=utf-8' },
        body: '<!DOCTYPE html><html><head><title>Shopify</title></head><body><h1>This store is temporarily unavailable</h1><p>Please check back soon.</p></body></html>',
      };
    default:
      return null;
  }
}

function parseBody(req: SandboxRequest): GraphqlRequest | null {
  const type = header(req.headers, 'content-type') ?? '';
  if (type.includes('application/graphql')) return { query: req.body };
  try {
    const parsed: unknown = JSON.parse(req.body);
    return typeof parsed === 'object' && parsed !== null ? (parsed as GraphqlRequest) : null;
  } catch {
    return null;
  }
}

/** Starts a Shopify Admin GraphQL sandbox on 127.0.0.1. */
export async function startShopifySandbox(options: ShopifySandboxOptions = {}): Promise<ShopifySandbox> {
  const seed = options.seed ?? 1;
  const plan = options.plan ?? 'standard';
  const shopDomain = options.shopDomain ?? `sandbox-${seed}.myshopify.com`;
  const credentials: ShopifyCredentials = {
    accessToken: options.accessToken ?? `shpat_sandbox${String(seed).padStart(4, '0')}0123456789abcdef0123`,
    apiSecretKey: options.apiSecretKey ?? `shpss_sandbox${String(seed).padStart(4, '0')}fedcba9876543210fedc`,
  };
  const schema = loadAdminSchema(options.schemaPath);
  const store = new ShopifyStore({
    seed,
    orders: options.orders ?? 200,
    currency: options.currency ?? 'USD',
    presentmentCurrency: options.presentmentCurrency ?? null,
    taxesIncluded: options.taxesIncluded ?? false,
    timeZone: options.timeZone ?? 'America/New_York',
    seedUntil: Math.floor((options.seedUntil?.getTime() ?? Date.now()) / 1000) * 1000,
    shopDomain,
    plan,
  });
  store.apiSecretKey = credentials.apiSecretKey;
  store.bulk.minDurationMs = options.bulkMinDurationMs ?? 300;
  const limits = options.bucket ?? PLAN_BUCKETS[plan];
  const bucket = new LeakyBucket(limits.maximumAvailable, limits.restoreRate);
  const graphql = new ShopifyGraphql(schema, store, bucket, options.accessScopes ?? DEFAULT_SCOPES);
  const faults = new ShopifyFaults(bucket);
  const requests = new RequestLog();

  const handler = async (req: SandboxRequest): Promise<SandboxResponse> => {
    if (faults.latency > 0) await sleep(faults.latency);
    const bulk = /^\/bulk-operations\/(\d+)\.jsonl$/.exec(req.path);
    if (bulk && req.method === 'GET') {
      const text = store.bulk.file(Number(bulk[1]));
      return text === undefined
        ? json(404, { errors: 'Not Found' })
        : { status: 200, headers: { 'Content-Type': 'application/jsonl' }, body: text };
    }
    const fault = faulted(faults);
    if (fault) return fault;
    const token = header(req.headers, 'x-shopify-access-token');
    if (token !== credentials.accessToken)
      return json(401, {
        errors: '[API] Invalid API key or access token (unrecognized login or wrong password)',
      });
    if (req.path === '/admin/oauth/access_scopes.json' && req.method === 'GET')
      return json(200, { access_scopes: graphql.scopes.map((handle) => ({ handle })) });
    const m = VERSION.exec(req.path);
    if (!m?.[1] || !SUPPORTED.test(m[1]) || req.method !== 'POST') return json(404, { errors: 'Not Found' });
    const requested = m[1];
    const served = requested !== 'unstable' && requested < SCHEMA_VERSION ? SCHEMA_VERSION : requested;
    const versionHeaders: Record<string, string> = {
      'X-Shopify-API-Version': served,
      ...(served !== requested
        ? { 'X-Shopify-API-Version-Warning': 'https://shopify.dev/concepts/about-apis/versioning' }
        : {}),
    };
    const body = parseBody(req);
    if (!body)
      return json(400, { errors: { query: 'Required parameter missing or invalid' } }, versionHeaders);
    const reply = await graphql.handle(body, served);
    return json(reply.status, reply.body, versionHeaders);
  };

  const server = await startServer(
    handler,
    requests,
    options.port === undefined ? {} : { port: options.port },
  );
  store.home = server.url;
  return {
    url: server.url,
    shopDomain,
    graphqlUrl: (version = SCHEMA_VERSION) => `${server.url}/admin/api/${version}/graphql.json`,
    credentials,
    store,
    faults,
    bucket,
    requests,
    close: async () => {
      await store.flushBulkOperations();
      await store.flushWebhooks();
      await server.close();
    },
  };
}
