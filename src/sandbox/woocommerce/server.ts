import { Faults } from '../common/faults';
import { RequestLog } from '../common/request-log';
import { startServer, sleep, type SandboxRequest, type SandboxResponse } from '../common/server';
import { WooAuth, type ApiKey, type KeyPermissions } from './auth';
import { phpJson } from './php-json';
import { permissionError, type WooContext, type WooRoute } from './router';
import { adminRoutes } from './routes-admin';
import { orderRoutes } from './routes-orders';
import { productRoutes } from './routes-products';
import { siteIndex } from './settings';
import { WooStore } from './store';
import { WooError } from './types';

export interface WooKey {
  consumerKey: string;
  consumerSecret: string;
}

export interface WooSandboxOptions {
  /** Seeded orders (default 200). */
  orders?: number;
  /** Seed of the generator (default 1). */
  seed?: number;
  consumerKey?: string;
  consumerSecret?: string;
  /** A second key with `read` permissions (a default one is always created). */
  readOnlyKey?: Partial<WooKey>;
  /** Store currency (default USD). */
  currency?: string;
  /** `woocommerce_prices_include_tax` (default false). */
  pricesIncludeTax?: boolean;
  /** Site timezone (default America/New_York). */
  timeZone?: string;
  /** Seeded orders are spread over the year before this instant (default: now). Fix it for byte-stable seeds. */
  seedUntil?: Date;
  /** Port to listen on (default 0: a free port). */
  port?: number;
}

export interface WooSandbox {
  url: string;
  credentials: WooKey;
  readOnlyCredentials: WooKey;
  store: WooStore;
  faults: Faults;
  requests: RequestLog;
  close(): Promise<void>;
}

const BASE_HEADERS = {
  'Content-Type': 'application/json; charset=UTF-8',
  'X-Robots-Tag': 'noindex',
  'X-Content-Type-Options': 'nosniff',
  'Access-Control-Expose-Headers': 'X-WP-Total, X-WP-TotalPages, Link',
  'Access-Control-Allow-Headers': 'Authorization, X-WP-Nonce, Content-Disposition, Content-MD5, Content-Type',
};
const NO_CACHE = {
  Expires: 'Wed, 11 Jan 1984 05:00:00 GMT',
  'Cache-Control': 'no-cache, must-revalidate, max-age=0, no-store, private',
};

const MAINTENANCE_HTML =
  '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Maintenance</title></head><body><h1>Briefly unavailable for scheduled maintenance. Check back in a minute.</h1></body></html>';
const CRITICAL_ERROR = {
  code: 'internal_server_error',
  message:
    '<p>There has been a critical error on this website.</p><p><a href="https://wordpress.org/documentation/article/faq-troubleshooting/">Learn more about troubleshooting WordPress.</a></p>',
  data: { status: 500 },
  additional_errors: [],
};

function json(status: number, body: unknown, headers: Record<string, string> = {}): SandboxResponse {
  return { status, headers: { ...BASE_HEADERS, ...headers }, body: phpJson(body) };
}

function faultResponse(faults: Faults): SandboxResponse | null {
  const f = faults.next();
  switch (f.kind) {
    case 'html':
      return {
        status: f.status,
        headers: {
          'Content-Type': 'text/html; charset=UTF-8',
          ...(f.status === 503 ? { 'Retry-After': '600' } : {}),
        },
        body: MAINTENANCE_HTML,
      };
    case 'rateLimit':
      return json(
        429,
        {
          code: 'rest_too_many_requests',
          message: 'Too many requests. Please slow down.',
          data: { status: 429 },
        },
        { 'Retry-After': String(f.retryAfterSeconds) },
      );
    case 'serverError':
      if (f.status === 500) return json(500, CRITICAL_ERROR);
      return {
        status: f.status,
        headers: { 'Content-Type': 'text/html' },
        body: `<html><head><title>${f.status} Bad Gateway</title></head><body><center><h1>${f.status}</h1></center><hr><center>nginx</center></body></html>`,
      };
    default:
      return null;
  }
}

function formPairs(req: SandboxRequest): [string, string][] {
  const type = String(req.headers['content-type'] ?? '');
  return type.includes('application/x-www-form-urlencoded') ? [...new URLSearchParams(req.body)] : [];
}

function parseBody(req: SandboxRequest): unknown {
  const pairs = formPairs(req);
  if (pairs.length > 0) return Object.fromEntries(pairs);
  if (req.body.trim() === '') return {};
  try {
    return JSON.parse(req.body) as unknown;
  } catch {
    throw new WooError(400, 'rest_invalid_json', 'Invalid JSON body passed.', {
      json_error_code: 4,
      json_error_message: 'Syntax error',
    });
  }
}

const ROUTES: WooRoute[] = [...orderRoutes, ...productRoutes, ...adminRoutes];

async function dispatch(store: WooStore, auth: WooAuth, req: SandboxRequest): Promise<SandboxResponse> {
  const apiLink = { Link: `<${store.home}/wp-json/>; rel="https://api.w.org/"` };
  if (req.path === '/wp-json' || req.path === '/wp-json/') return json(200, siteIndex(store), apiLink);
  if (req.path === '/wp-json/wc/v3' || req.path === '/wp-json/wc/v3/') {
    return json(
      200,
      { namespace: 'wc/v3', routes: {}, _links: { up: [{ href: `${store.home}/wp-json/` }] } },
      apiLink,
    );
  }
  let matched: { route: WooRoute; params: string[] } | null = null;
  for (const r of ROUTES) {
    const m = r.pattern.exec(req.path);
    if (m && r.methods.includes(req.method)) {
      matched = { route: r, params: m.slice(1) };
      break;
    }
  }
  if (!matched)
    return json(
      404,
      {
        code: 'rest_no_route',
        message: 'No route was found matching the URL and request method.',
        data: { status: 404 },
      },
      NO_CACHE,
    );
  const { route, params } = matched;
  const headers = { ...NO_CACHE, Allow: route.allow };
  try {
    const who = auth.authenticate(req, formPairs(req));
    if (who.kind === 'error') return json(who.error.status, who.error.body(), { ...apiLink, Vary: 'Origin' });
    if (who.kind === 'anonymous') {
      const e = permissionError(route.kind);
      return json(e.status, e.body(), { ...apiLink, Vary: 'Origin' });
    }
    const ctx: WooContext = { req, store, params, body: () => parseBody(req) };
    const reply = await route.handle(ctx);
    return json(reply.status ?? 200, reply.body, {
      ...headers,
      ...(reply.headers?.Link ? {} : apiLink),
      ...reply.headers,
    });
  } catch (err) {
    if (err instanceof WooError) return json(err.status, err.body(), { ...headers, ...apiLink });
    throw err;
  }
}

function key(consumerKey: string, consumerSecret: string, permissions: KeyPermissions): ApiKey {
  return { consumerKey, consumerSecret, permissions, nonces: new Map() };
}

/** Starts a WooCommerce (wc/v3) sandbox on 127.0.0.1. */
export async function startWooCommerceSandbox(options: WooSandboxOptions = {}): Promise<WooSandbox> {
  const seed = options.seed ?? 1;
  const store = new WooStore({
    seed,
    orders: options.orders ?? 200,
    currency: options.currency ?? 'USD',
    pricesIncludeTax: options.pricesIncludeTax ?? false,
    timeZone: options.timeZone ?? 'America/New_York',
    seedUntil: Math.floor((options.seedUntil?.getTime() ?? Date.now()) / 1000) * 1000,
  });
  const credentials = {
    consumerKey: options.consumerKey ?? `ck_sandbox_${seed}_0123456789abcdef0123456789abcd`,
    consumerSecret: options.consumerSecret ?? `cs_sandbox_${seed}_fedcba9876543210fedcba98765432`,
  };
  const readOnlyCredentials = {
    consumerKey: options.readOnlyKey?.consumerKey ?? `ck_readonly_${seed}_0123456789abcdef0123456789`,
    consumerSecret: options.readOnlyKey?.consumerSecret ?? `cs_readonly_${seed}_fedcba9876543210fedcba9876`,
  };
  const auth = new WooAuth(
    [
      key(credentials.consumerKey, credentials.consumerSecret, 'read_write'),
      key(readOnlyCredentials.consumerKey, readOnlyCredentials.consumerSecret, 'read'),
    ],
    () => store.home,
  );
  const faults = new Faults();
  const requests = new RequestLog();
  const server = await startServer(
    async (req) => {
      if (faults.latency > 0) await sleep(faults.latency);
      return faultResponse(faults) ?? dispatch(store, auth, req);
    },
    requests,
    options.port === undefined ? {} : { port: options.port },
  );
  store.home = server.url;
  return {
    url: server.url,
    credentials,
    readOnlyCredentials,
    store,
    faults,
    requests,
    close: async () => {
      await store.flushWebhooks();
      await server.close();
    },
  };
}
