import fs from 'node:fs';
import path from 'node:path';
import { WooCommerceIntegration } from '../../../src/connectors/woocommerce';
import type { ConnectorContext, InboundWebhook } from '../../../src/core/integration';
import { isJsonObject, parseJsonExact, type JsonObject, type JsonValue } from '../../../src/core/json';
import { connectorContext, type RecordingRateGate } from '../../helpers/connector-context';
import { nock } from './nock';

export const FIXTURES = path.resolve(__dirname, '../../fixtures/woocommerce');
export const STORE = 'https://shop.example.com';
export const API = '/wp-json/wc/v3';
export const CREDENTIALS = {
  consumerKey: 'ck_0123456789abcdef0123456789abcdef01234567',
  consumerSecret: 'cs_fedcba9876543210fedcba9876543210fedcba98',
  webhookSecret: 'hub-fixture-webhook-secret-7Qx',
};

/** Fixture text parsed the way the hub parses platform JSON: exact numbers. */
export function fixture(relative: string): JsonValue {
  return parseJsonExact(fs.readFileSync(path.join(FIXTURES, relative), 'utf8'));
}

export function fixtureObject(relative: string): JsonObject {
  const value = fixture(relative);
  if (!isJsonObject(value)) throw new Error(`${relative} is not a JSON object`);
  return value;
}

/** The order inside a fixture, unwrapped the way `hub normalize` does. */
export function fixtureOrder(relative: string): JsonObject {
  const order = new WooCommerceIntegration().readOrderDocument(fixture(relative));
  if (!isJsonObject(order)) throw new Error(`${relative} holds no order object`);
  return order;
}

export function fixtureFiles(folder: string): string[] {
  return fs
    .readdirSync(path.join(FIXTURES, folder))
    .filter((name) => name.endsWith('.json'))
    .sort()
    .map((name) => `${folder}/${name}`);
}

export interface Delivery extends InboundWebhook {
  signedWith: string | null;
}

/** A captured delivery: `<name>.headers.json` (lower-cased header map) and `<name>.body.raw` (exact bytes). */
export function delivery(name: string): Delivery {
  const meta = JSON.parse(
    fs.readFileSync(path.join(FIXTURES, 'webhooks', `${name}.headers.json`), 'utf8'),
  ) as {
    headers: Record<string, string>;
    signedWith: string | null;
  };
  return {
    headers: meta.headers,
    rawBody: fs.readFileSync(path.join(FIXTURES, 'webhooks', `${name}.body.raw`)),
    signedWith: meta.signedWith,
  };
}

export interface Recorder {
  sleeps: number[];
  sleep: (ms: number) => Promise<void>;
}

/** A retry sleep that records the delays instead of waiting. */
export function recordingSleep(): Recorder {
  const sleeps: number[] = [];
  return { sleeps, sleep: async (ms: number) => void sleeps.push(ms) };
}

export function integration(
  options: { sleep?: Recorder; httpTimeoutMs?: number } = {},
): WooCommerceIntegration {
  return new WooCommerceIntegration({
    httpTimeoutMs: options.httpTimeoutMs ?? 2000,
    isPlainHttpAllowed: (host) => host === '127.0.0.1',
    sleep: (options.sleep ?? recordingSleep()).sleep,
  });
}

export function context(
  overrides: Partial<ConnectorContext> = {},
): ConnectorContext & { rateGate: RecordingRateGate } {
  return connectorContext({ storeUrl: STORE, credentials: { ...CREDENTIALS }, ...overrides });
}

/** nock for the store's wc/v3 routes. */
export function store(): ReturnType<typeof nock> {
  return nock(STORE);
}

export function json(
  body: JsonValue | object,
  headers: Record<string, string> = {},
): [number, string, Record<string, string>] {
  return [200, JSON.stringify(body), { 'content-type': 'application/json; charset=UTF-8', ...headers }];
}

export function wooError(
  status: number,
  code: string,
  message: string,
): [number, string, Record<string, string>] {
  return [
    status,
    JSON.stringify({ code, message, data: { status } }),
    { 'content-type': 'application/json; charset=UTF-8' },
  ];
}

export function setUpNock(): void {
  beforeAll(() => nock.disableNetConnect());
  afterEach(() => {
    const pending = nock.pendingMocks();
    nock.cleanAll();
    expect(pending).toEqual([]);
  });
  afterAll(() => nock.enableNetConnect());
}
