import { ChannelError } from '../../../src/core/errors';
import {
  answer,
  cost,
  setUpNock,
  ShopifyApiMock,
  shopifyContext,
  testIntegration,
} from './helpers/shopify-api';

function shopFacts(scopes: string[]) {
  return answer(
    {
      shop: {
        name: 'Hub Test Store',
        myshopifyDomain: 'hub-test.myshopify.com',
        currencyCode: 'EUR',
        ianaTimezone: 'Europe/Lisbon',
        taxesIncluded: true,
        plan: { publicDisplayName: 'Grow', partnerDevelopment: false, shopifyPlus: false },
      },
      currentAppInstallation: { accessScopes: scopes.map((handle) => ({ handle })) },
    },
    cost(4, 4, 1996),
  );
}

describe('Shopify connect', () => {
  setUpNock();

  it('reads the store facts and names each missing scope with what will not work', async () => {
    const api = new ShopifyApiMock();
    api
      .on('ShopFacts')
      .reply(
        200,
        shopFacts([
          'write_orders',
          'write_fulfillments',
          'write_merchant_managed_fulfillment_orders',
          'read_products',
        ]),
      );
    const { integration } = testIntegration();
    const result = await integration.connect(shopifyContext());
    expect(result.facts).toEqual({
      name: 'Hub Test Store',
      currency: 'EUR',
      timezone: 'Europe/Lisbon',
      taxesIncluded: true,
      platformVersion: '2026-10',
      plan: 'Grow',
      grantedScopes: [
        'write_orders',
        'write_fulfillments',
        'write_merchant_managed_fulfillment_orders',
        'read_products',
      ],
      missingScopes: [
        { scope: 'read_all_orders', consequence: expect.stringMatching(/last 60 days/) },
        { scope: 'write_inventory', consequence: 'stock levels cannot be pushed' },
        { scope: 'read_locations', consequence: expect.stringMatching(/locations cannot be read/) },
      ],
      canWrite: true,
      warnings: [],
    });
    // write_orders implies read_orders: not reported missing.
    expect(result.state).toEqual({
      apiVersion: '2026-10',
      servedApiVersion: null,
      shopDomain: 'hub-test.myshopify.com',
    });
    expect(result.credentials).toEqual({ accessToken: 'shpat_test_token', apiSecretKey: 'app-secret' });
  });

  it('a read-only installation cannot write', async () => {
    new ShopifyApiMock()
      .on('ShopFacts')
      .reply(200, shopFacts(['read_orders', 'read_all_orders', 'read_products', 'read_locations']));
    const { integration } = testIntegration();
    const { facts } = await integration.connect(shopifyContext());
    expect(facts.canWrite).toBe(false);
    expect(facts.missingScopes.map((m) => m.scope)).toEqual([
      'write_orders',
      'write_fulfillments',
      'write_merchant_managed_fulfillment_orders',
      'write_inventory',
    ]);
  });

  it('shows a served API version other than the pinned one in the facts and the state', async () => {
    new ShopifyApiMock()
      .on('ShopFacts')
      .reply(200, shopFacts(['read_orders']), { 'x-shopify-api-version': '2026-07' });
    const { integration } = testIntegration();
    const result = await integration.connect(shopifyContext());
    expect(result.facts.platformVersion).toBe('2026-07');
    expect(result.facts.warnings).toEqual([
      expect.stringMatching(/served API version 2026-07 instead of the pinned 2026-10/),
    ]);
    expect(result.state.servedApiVersion).toBe('2026-07');
  });

  it('a rejected token is an auth error', async () => {
    new ShopifyApiMock().on('ShopFacts').reply(401, { errors: '[API] Invalid API key or access token' });
    const { integration } = testIntegration();
    const error = await integration.connect(shopifyContext()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ChannelError);
    expect((error as ChannelError).kind).toBe('auth');
  });

  it('describes itself to the registry', () => {
    const { integration } = testIntegration();
    expect(integration.platform).toBe('shopify');
    expect(integration.descriptor.rateBudget).toEqual({
      capacity: 2000,
      refillPerSecond: 100,
      unit: 'cost_point',
    });
    const schema = integration.descriptor.credentialsSchema;
    expect(schema.safeParse({ accessToken: 'shpat_x', apiSecretKey: 's' }).success).toBe(true);
    const missing = schema.safeParse({ accessToken: 'shpat_x' });
    expect(missing.success).toBe(false);
    expect(missing.error?.issues.map((i) => i.path.join('.'))).toEqual(['apiSecretKey']);
  });
});
