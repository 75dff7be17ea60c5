import { type ChildProcess, spawn } from 'node:child_process';
import { createHmac, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { DataSource } from 'typeorm';
import { createConnectorRegistry } from '../../../src/connectors';
import type { ConnectorRegistry } from '../../../src/core/registry';
import { CredentialCipher } from '../../../src/db/credential-cipher';
import { createDataSource } from '../../../src/db/data-source';
import { type Integration, IntegrationStore } from '../../../src/db/integration-store';
import { OrderStore } from '../../../src/db/order-store';
import { TenantStore } from '../../../src/db/tenant-store';
import { TEST_FACTS, type TestDb } from '../../helpers/db';
import { TEST_DATABASE_URL, TEST_ENCRYPTION_KEY } from '../../helpers/env';

/** The secret the signed WooCommerce fixtures were made with (test/fixtures/woocommerce/SOURCES.md). */
export const WOO_FIXTURE_SECRET = 'hub-fixture-webhook-secret-7Qx';
export const SHOPIFY_SECRET = 'shopify-app-secret-for-webhook-tests';
/** A store host the tests intercept with nock; allowed so the store URL policy does not ask DNS. */
export const NOCK_STORE = 'https://shop.example.com';
export const ALLOWED_STORE_HOSTS = '127.0.0.1,localhost,shop.example.com';

const ROOT = path.join(__dirname, '..', '..', '..');
const WOO_WEBHOOKS = path.join(ROOT, 'test/fixtures/woocommerce/webhooks');

export function registryFor(allowedHosts = ALLOWED_STORE_HOSTS): ConnectorRegistry {
  return createConnectorRegistry({
    allowedStoreHosts: allowedHosts.split(','),
    httpTimeoutMs: 10_000,
    shopify: { apiKey: null, apiSecret: null },
  });
}

/**
 * Waits until `check` passes (resolves without throwing), asking again every `intervalMs`; at the
 * deadline the last failure is thrown. For what happens after a webhook is answered.
 */
export async function eventually<T>(
  check: () => Promise<T> | T,
  timeoutMs = 10_000,
  intervalMs = 25,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() >= deadline) throw error;
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

export interface Delivery {
  headers: Record<string, string>;
  body: Buffer;
}

/** A signed WooCommerce fixture delivery, byte for byte (`<name>.body.raw` + `<name>.headers.json`). */
export function wooFixture(name: string): Delivery {
  const body = readFileSync(path.join(WOO_WEBHOOKS, `${name}.body.raw`));
  const { headers } = JSON.parse(readFileSync(path.join(WOO_WEBHOOKS, `${name}.headers.json`), 'utf8')) as {
    headers: Record<string, string>;
  };
  const { host: _host, 'content-length': _length, ...rest } = headers;
  return { headers: rest, body };
}

export function wooOrderFixture(name: string): Record<string, unknown> {
  return JSON.parse(
    readFileSync(path.join(ROOT, 'test/fixtures/woocommerce/orders', `${name}.json`), 'utf8'),
  );
}

export function shopifyFixtureText(file: string): string {
  return readFileSync(path.join(ROOT, 'test/fixtures/shopify/webhooks', file), 'utf8');
}

/** A WooCommerce delivery of `body` on `topic`, signed here (not by the code under test). */
export function wooDelivery(topic: string, body: string | object, secret = WOO_FIXTURE_SECRET): Delivery {
  const raw = Buffer.from(typeof body === 'string' ? body : JSON.stringify(body));
  const [resource, event] = topic.split('.');
  return {
    body: raw,
    headers: {
      'user-agent': 'WooCommerce/11.0.1 Hookshot (WordPress/7.0.4)',
      'content-type': 'application/json',
      'x-wc-webhook-source': 'https://shop.example.com/',
      'x-wc-webhook-topic': topic,
      'x-wc-webhook-resource': resource ?? '',
      'x-wc-webhook-event': event ?? '',
      'x-wc-webhook-signature': createHmac('sha256', secret).update(raw).digest('base64'),
      'x-wc-webhook-id': '2',
      'x-wc-webhook-delivery-id': '5c1e0b7a9d3f42e8a6b4c2d0e8f6a4b2',
    },
  };
}

/** A Shopify delivery of `body` on `topic`, signed here, with its own webhook and event ids. */
export function shopifyDelivery(
  topic: string,
  body: string | object,
  ids: { webhookId?: string; eventId?: string } = {},
  secret = SHOPIFY_SECRET,
): Delivery {
  const raw = Buffer.from(typeof body === 'string' ? body : JSON.stringify(body));
  return {
    body: raw,
    headers: {
      'content-type': 'application/json',
      'x-shopify-topic': topic,
      'x-shopify-hmac-sha256': createHmac('sha256', secret).update(raw).digest('base64'),
      'x-shopify-shop-domain': 'hub-test.myshopify.com',
      'x-shopify-api-version': '2026-04',
      'x-shopify-webhook-id': ids.webhookId ?? randomUUID(),
      'x-shopify-event-id': ids.eventId ?? randomUUID(),
      'x-shopify-triggered-at': '2026-03-04T15:30:00.123Z',
    },
  };
}

export interface Answer {
  status: number;
  body: { ok?: boolean; outcome?: string; error?: { code: string; message: string } };
  ms: number;
}

export async function deliver(
  baseUrl: string,
  platform: string,
  integrationId: string,
  delivery: Delivery,
): Promise<Answer> {
  const started = performance.now();
  const response = await fetch(`${baseUrl}/webhooks/${platform}/${integrationId}`, {
    method: 'POST',
    headers: delivery.headers,
    body: delivery.body,
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : {}, ms: performance.now() - started };
}

/** A tenant with a WooCommerce store whose webhooks are signed with `webhookSecret`. */
export async function wooIntegration(
  db: TestDb,
  options: { storeUrl?: string; webhookSecret?: string } = {},
): Promise<{ integration: Integration; apiKey: string; tenantId: string }> {
  return integrationFor(db, 'woocommerce', options.storeUrl ?? NOCK_STORE, {
    consumerKey: 'ck_test',
    consumerSecret: 'cs_test',
    webhookSecret: options.webhookSecret ?? WOO_FIXTURE_SECRET,
  });
}

export async function shopifyIntegration(
  db: TestDb,
): Promise<{ integration: Integration; apiKey: string; tenantId: string }> {
  return integrationFor(db, 'shopify', 'https://hub-test.myshopify.com', {
    accessToken: 'shpat_test',
    apiSecretKey: SHOPIFY_SECRET,
  });
}

async function integrationFor(
  db: TestDb,
  platform: string,
  storeUrl: string,
  credentials: Record<string, string>,
): Promise<{ integration: Integration; apiKey: string; tenantId: string }> {
  const { tenant, apiKey } = await db.tenants.create(`webhooks-${randomUUID().slice(0, 8)}`);
  const integration = await db.integrations.create({
    id: randomUUID(),
    tenantId: tenant.id,
    platform,
    storeUrl,
    options: { syncIntervalSeconds: 300, backfillSince: '2025-01-01T00:00:00Z', registerWebhooks: false },
    facts: TEST_FACTS,
    connectorState: {},
    credentials,
  });
  return { integration, apiKey, tenantId: tenant.id };
}

export interface DeliveryRow {
  id: string;
  topic: string;
  delivery_key: string;
  event_key: string | null;
  order_external_id: string | null;
  headers: Record<string, string>;
  body: Buffer;
  status: string;
  reason: string | null;
}

export async function deliveryRows(db: TestDb, integrationId: string): Promise<DeliveryRow[]> {
  return db.ds.query(
    `SELECT id::text, topic, delivery_key, event_key, order_external_id, headers, body, status, reason
       FROM webhook_deliveries WHERE integration_id = $1 ORDER BY id`,
    [integrationId],
  );
}

export interface HistoryRow {
  source: string;
  status: string;
  version: number;
  channel_updated_at: Date;
}

export async function orderHistory(
  db: TestDb,
  integrationId: string,
  externalId: string,
): Promise<HistoryRow[]> {
  return db.ds.query(
    `SELECT h.source, h.status, h.version, h.channel_updated_at FROM order_history h
       JOIN orders o ON o.id = h.order_id WHERE o.integration_id = $1 AND o.external_id = $2 ORDER BY h.id`,
    [integrationId, externalId],
  );
}

export async function count(db: TestDb, sql: string, params: unknown[]): Promise<number> {
  const rows: { n: number }[] = await db.ds.query(
    `SELECT count(*)::int AS n FROM (${sql}) AS counted`,
    params,
  );
  return rows[0]?.n ?? 0;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

/** Resolves with the first chunk of `child`'s output matching `pattern`; rejects if it exits first. */
export function outputMatching(child: ChildProcess, pattern: RegExp, timeoutMs = 10_000): Promise<string> {
  return new Promise((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error(`no output matching ${pattern} within ${timeoutMs} ms; saw: ${seen.slice(-2000)}`));
    }, timeoutMs);
    const onData = (chunk: Buffer) => {
      seen += chunk.toString();
      const match = pattern.exec(seen);
      if (match) {
        cleanup();
        resolve(match[0]);
      }
    };
    const onExit = (code: number | null) => {
      cleanup();
      reject(new Error(`the process exited (${code}) before printing ${pattern}; saw: ${seen.slice(-2000)}`));
    };
    const cleanup = () => {
      clearTimeout(timer);
      child.stdout?.off('data', onData);
      child.stderr?.off('data', onData);
      child.off('exit', onExit);
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', onExit);
  });
}

/** A Redis of its own on `port`, without persistence: killed and started again to stage an outage. */
export async function startRedis(port: number): Promise<ChildProcess> {
  const child = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--daemonize', 'no'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  await outputMatching(child, /Ready to accept connections/);
  return child;
}

/** Kills a child process and waits until it is gone. */
export async function kill(child: ChildProcess, signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill(signal);
  await exited;
}

/** `hub <args>` through the real command line, as an operator runs it; resolves with its output. */
export async function runCli(
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'src/cli/main.ts'), ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  return { code, stdout, stderr };
}

/** `hub start --role worker` in a child process of its own; the tail of its output is kept for failures. */
export function spawnWorker(env: Record<string, string>): ChildProcess & { output: () => string } {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', path.join(ROOT, 'src/cli/main.ts'), 'start', '--role', 'worker'],
    { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  const keep = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-8_000));
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  return Object.assign(child, { output: () => output });
}

/**
 * A migrated database of its own, for a file whose hubs must not share the PostgreSQL inbox with
 * the hubs of other test files (every worker's inbox relay takes any inbox row it finds).
 */
export async function isolatedDatabase(): Promise<{ url: string; db: TestDb; drop(): Promise<void> }> {
  const url = new URL(TEST_DATABASE_URL);
  const name = `${url.pathname.slice(1)}_${randomUUID().slice(0, 8)}`;
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const adminDs = new DataSource({ type: 'postgres', url: admin.toString(), extra: { max: 1 } });
  await adminDs.initialize();
  await adminDs.query(`CREATE DATABASE "${name}"`);
  url.pathname = `/${name}`;
  const ds = createDataSource(url.toString(), { poolSize: 4, applicationName: 'channel-hub-test' });
  await ds.initialize();
  await ds.runMigrations({ transaction: 'all' });
  const cipher = new CredentialCipher({
    active: { id: 'test', key: Buffer.from(TEST_ENCRYPTION_KEY, 'base64') },
    previous: [],
  });
  const db: TestDb = {
    ds,
    cipher,
    tenants: new TenantStore(ds),
    integrations: new IntegrationStore(ds, cipher),
    orders: new OrderStore(ds),
    close: () => ds.destroy(),
  };
  return {
    url: url.toString(),
    db,
    async drop() {
      if (ds.isInitialized) await ds.destroy();
      await adminDs.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await adminDs.destroy();
    },
  };
}

/** A TCP relay to PostgreSQL that the test can cut (every connection dropped) and restore on the same port. */
export class TcpRelay {
  private server: net.Server | null = null;
  private readonly sockets = new Set<net.Socket>();
  port = 0;

  constructor(private readonly target: { host: string; port: number }) {}

  async open(port = this.port): Promise<void> {
    const server = net.createServer((client) => {
      const upstream = net.connect(this.target.port, this.target.host);
      for (const socket of [client, upstream]) {
        this.sockets.add(socket);
        socket.on('close', () => this.sockets.delete(socket));
        socket.on('error', () => {
          client.destroy();
          upstream.destroy();
        });
      }
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
    this.server = server;
    this.port = (server.address() as net.AddressInfo).port;
  }

  /** Stops listening and drops every open connection: PostgreSQL is unreachable from then on. */
  async cut(): Promise<void> {
    const server = this.server;
    this.server = null;
    for (const socket of this.sockets) socket.destroy();
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
