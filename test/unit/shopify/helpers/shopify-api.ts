import type Nock from 'nock';
import { nock } from './nock';
import type { ConnectorContext } from '../../../../src/core/integration';
import type { JsonValue } from '../../../../src/core/json';
import { ShopifyIntegration, type ShopifyIntegrationOptions } from '../../../../src/connectors/shopify';
import { SHOPIFY_API_VERSION } from '../../../../src/connectors/shopify/platform';
import { connectorContext, RecordingRateGate } from '../../../helpers/connector-context';

export const STORE = 'https://hub-test.myshopify.com';
export const GRAPHQL_PATH = `/admin/api/${SHOPIFY_API_VERSION}/graphql.json`;

/** A bucket as the 2000/100 stores report it (kirillplatonov fixtures). */
export function cost(requested: number, actual: number | null, currentlyAvailable: number) {
  return {
    requestedQueryCost: requested,
    actualQueryCost: actual,
    throttleStatus: { maximumAvailable: 2000, currentlyAvailable, restoreRate: 100 },
  };
}

export function answer(data: JsonValue, extensionsCost = cost(10, 10, 1990)) {
  return { data, extensions: { cost: extensionsCost } };
}

export interface GraphqlRequestBody {
  query: string;
  variables: Record<string, JsonValue>;
}

export function operationName(query: string): string | null {
  return /^\s*(?:query|mutation)\s+(\w+)/.exec(query)?.[1] ?? null;
}

/**
 * The store's Admin GraphQL API, intercepted: `on(operation)` answers one request of that operation
 * (optionally only with matching variables) and remembers its body. (Bodies are captured in the
 * request matcher: nock's reply functions that read the body stall on Jest's cross-realm fetch.)
 */
export class ShopifyApiMock {
  readonly requests: GraphqlRequestBody[] = [];

  constructor(private readonly store = STORE) {}

  on(
    operation: string,
    match: (variables: Record<string, JsonValue>) => boolean = () => true,
  ): Nock.Interceptor {
    return nock(this.store).post(GRAPHQL_PATH, (body: GraphqlRequestBody) => {
      if (operationName(body.query) !== operation || !match(body.variables ?? {})) return false;
      this.requests.push(body);
      return true;
    });
  }

  operations(): (string | null)[] {
    return this.requests.map((body) => operationName(body.query));
  }

  variablesOf(operation: string): Record<string, JsonValue>[] {
    return this.requests
      .filter((body) => operationName(body.query) === operation)
      .map((body) => body.variables);
  }
}

export interface TestContext extends ConnectorContext {
  rateGate: RecordingRateGate;
  warnings: { details: Record<string, unknown>; message: string }[];
}

export function shopifyContext(overrides: Partial<ConnectorContext> = {}): TestContext {
  const warnings: TestContext['warnings'] = [];
  const ctx = connectorContext({
    storeUrl: STORE,
    credentials: { accessToken: 'shpat_test_token', apiSecretKey: 'app-secret' },
    log: { info: () => undefined, warn: (details, message) => warnings.push({ details, message }) },
    ...overrides,
  });
  return Object.assign(ctx, { warnings });
}

/** A connector whose waits are recorded, not slept. */
export function testIntegration(options: ShopifyIntegrationOptions = {}): {
  integration: ShopifyIntegration;
  sleeps: number[];
} {
  const sleeps: number[] = [];
  const integration = new ShopifyIntegration({
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    ...options,
  });
  return { integration, sleeps };
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
