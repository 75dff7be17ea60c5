import { createHmac } from 'node:crypto';
import { WebhookPayloadError } from '../../../src/core/errors';
import type { InboundWebhook } from '../../../src/core/integration';
import { WEBHOOK_TOPICS } from '../../../src/connectors/shopify/platform';
import { docsExample, fixtureObject } from './helpers/fixtures';
import { answer, setUpNock, ShopifyApiMock, shopifyContext, testIntegration } from './helpers/shopify-api';

const SECRET = 'hush-app-secret';
const CALLBACK = 'https://hub.example/webhooks/shopify/int_1';

function delivery(
  topic: string,
  body: string | object,
  headers: Record<string, string> = {},
): InboundWebhook {
  const rawBody = Buffer.from(typeof body === 'string' ? body : JSON.stringify(body));
  return {
    rawBody,
    headers: {
      'x-shopify-topic': topic,
      'x-shopify-hmac-sha256': createHmac('sha256', SECRET).update(rawBody).digest('base64'),
      'x-shopify-webhook-id': 'b54557e4-bdd9-4b37-8a5f-bf7d70bcd043',
      'x-shopify-event-id': '98880550-7158-44d4-b7cd-2c97c8a091b5',
      'x-shopify-triggered-at': '2025-03-04T15:30:00.123456789-05:00',
      'x-shopify-shop-domain': 'hub-test.myshopify.com',
      'x-shopify-api-version': '2026-10',
      ...headers,
    },
  };
}

const { integration } = testIntegration();
const credentials = { accessToken: 'shpat_x', apiSecretKey: SECRET };

describe('Shopify webhook signature', () => {
  const good = delivery('orders/create', docsExample('orders_create'));

  it('accepts the base64 HMAC-SHA256 of the raw body with the app secret', () => {
    expect(integration.verifyWebhook(good, credentials)).toEqual({ kind: 'verified' });
  });

  it('rejects a missing signature', () => {
    const { 'x-shopify-hmac-sha256': _gone, ...headers } = good.headers;
    expect(integration.verifyWebhook({ ...good, headers }, credentials)).toEqual({
      kind: 'rejected',
      reason: 'missing_signature',
    });
  });

  it('rejects a signature made with another secret', () => {
    const forged = createHmac('sha256', 'not-the-secret').update(good.rawBody).digest('base64');
    const request = { ...good, headers: { ...good.headers, 'x-shopify-hmac-sha256': forged } };
    expect(integration.verifyWebhook(request, credentials)).toEqual({
      kind: 'rejected',
      reason: 'bad_signature',
    });
  });

  it('rejects a body altered by one byte', () => {
    const altered = Buffer.from(good.rawBody);
    altered[10] = altered[10]! ^ 1;
    expect(integration.verifyWebhook({ ...good, rawBody: altered }, credentials)).toEqual({
      kind: 'rejected',
      reason: 'bad_signature',
    });
  });

  it('rejects a signature altered by one character, or padded with junk', () => {
    const signature = good.headers['x-shopify-hmac-sha256']!;
    const flipped = `${signature[0] === 'A' ? 'B' : 'A'}${signature.slice(1)}`;
    for (const bad of [flipped, `${signature}AAAA`, signature.slice(0, -4)]) {
      const request = { ...good, headers: { ...good.headers, 'x-shopify-hmac-sha256': bad } };
      expect(integration.verifyWebhook(request, credentials)).toEqual({
        kind: 'rejected',
        reason: 'bad_signature',
      });
    }
  });

  it('cannot verify without the secret', () => {
    expect(integration.verifyWebhook(good, { accessToken: 'shpat_x' })).toEqual({
      kind: 'rejected',
      reason: 'bad_signature',
    });
  });
});

describe('Shopify webhook reading', () => {
  it('an orders/* body is the whole order: kind order, with the delivery and event keys', () => {
    const event = integration.parseWebhook(delivery('orders/updated', docsExample('orders_updated')));
    expect(event).toMatchObject({
      kind: 'order',
      topic: 'orders/updated',
      orderExternalId: '820982911946154508',
      orderUpdatedAt: '2022-01-01T00:00:00Z',
      deleted: false,
      deliveryKey: 'b54557e4-bdd9-4b37-8a5f-bf7d70bcd043',
      eventKey: '98880550-7158-44d4-b7cd-2c97c8a091b5',
      triggeredAt: '2025-03-04T20:30:00.123Z',
    });
    expect(event.kind === 'order' && integration.mapOrder(event.payload!).externalId).toBe(
      '820982911946154508',
    );
  });

  it('reads ids beyond 2^53 exactly from the raw body', () => {
    const body =
      '{"id":9007199254740993777,"name":"#1","currency":"USD","created_at":"2025-01-01T00:00:00Z","updated_at":"2025-01-02T00:00:00Z","line_items":[],"total_price":"0.00"}';
    const event = integration.parseWebhook(delivery('orders/create', body));
    expect(event).toMatchObject({ kind: 'order', orderExternalId: '9007199254740993777' });
    expect(event.kind === 'order' && integration.mapOrder(event.payload!).externalId).toBe(
      '9007199254740993777',
    );
  });

  it('orders/delete names the order only: deleted, nothing to map', () => {
    const event = integration.parseWebhook(delivery('orders/delete', '{"id":820982911946154508}'));
    expect(event).toMatchObject({
      kind: 'order',
      orderExternalId: '820982911946154508',
      deleted: true,
      payload: null,
      orderUpdatedAt: null,
    });
  });

  it('refunds/create and orders/edited name the order to fetch', () => {
    const refund =
      '{"id":890088186047892319,"order_id":820982911946154508,"created_at":"2021-12-31T19:00:00-05:00","refund_line_items":[]}';
    expect(integration.parseWebhook(delivery('refunds/create', refund))).toMatchObject({
      kind: 'order',
      orderExternalId: '820982911946154508',
      deleted: false,
      payload: null,
    });
    expect(integration.parseWebhook(delivery('orders/edited', docsExample('orders_edited')))).toMatchObject({
      kind: 'order',
      payload: null,
    });
  });

  it('app/uninstalled, the privacy topics, products and bulk operations', () => {
    expect(
      integration.parseWebhook(delivery('app/uninstalled', docsExample('app_uninstalled'))),
    ).toMatchObject({ kind: 'uninstalled' });
    expect(
      integration.parseWebhook(delivery('customers/redact', docsExample('customers_redact'))),
    ).toMatchObject({
      kind: 'customer_redact',
      customerExternalId: '191167',
      email: 'john@example.com',
      orderExternalIds: ['299938', '280263', '220458'],
    });
    expect(
      integration.parseWebhook(delivery('customers/data_request', docsExample('customers_data_request'))),
    ).toMatchObject({
      kind: 'customer_data_request',
      orderExternalIds: ['299938', '280263', '220458'],
    });
    expect(integration.parseWebhook(delivery('shop/redact', docsExample('shop_redact')))).toMatchObject({
      kind: 'shop_redact',
    });
    expect(
      integration.parseWebhook(
        delivery(
          'products/update',
          '{"id":788032119674292922,"admin_graphql_api_id":"gid://shopify/Product/788032119674292922"}',
        ),
      ),
    ).toMatchObject({ kind: 'catalog_changed', productExternalId: '788032119674292922' });
    expect(
      integration.parseWebhook(delivery('bulk_operations/finish', docsExample('bulk_operations_finish'))),
    ).toMatchObject({
      kind: 'bulk_operation_finished',
      operationId: 'gid://shopify/BulkOperation/147595010',
    });
    expect(
      integration.parseWebhook(delivery('app/scopes_update', docsExample('app_scopes_update'))),
    ).toMatchObject({ kind: 'ignored' });
  });

  it('without a webhook id, a delivery is named by topic, order and update time', () => {
    const request = delivery('orders/paid', docsExample('orders_paid'), { 'x-shopify-webhook-id': '' });
    expect(integration.parseWebhook(request).deliveryKey).toBe(
      'orders/paid:820982911946154508:2022-01-01T00:00:00Z',
    );
  });

  it('an unreadable body is a WebhookPayloadError', () => {
    expect(() => integration.parseWebhook(delivery('orders/create', '{"id": 1,'))).toThrow(
      WebhookPayloadError,
    );
    expect(() => integration.parseWebhook(delivery('orders/create', '[1,2]'))).toThrow(WebhookPayloadError);
    expect(() => integration.parseWebhook(delivery('orders/delete', '{}'))).toThrow(/names no order/);
    expect(() => integration.parseWebhook(delivery('', '{}'))).toThrow(/X-Shopify-Topic/);
    expect(() =>
      integration.parseWebhook(
        delivery(
          'bulk_operations/finish',
          fixtureObject('webhooks/anonymized-real/2025-04_bulk_operations_1.json'),
        ),
      ),
    ).toThrow(WebhookPayloadError);
  });
});

describe('Shopify webhook subscriptions', () => {
  setUpNock();

  const subscription = (id: number, topic: string, uri: string, version = '2026-10') => ({
    id: `gid://shopify/WebhookSubscription/${id}`,
    topic,
    uri,
    format: 'JSON',
    apiVersion: { handle: version },
  });

  it('creates what is missing at the callback, replaces one in an older API version, leaves others alone', async () => {
    const api = new ShopifyApiMock();
    api
      .on('WebhookSubscriptions', (v) => v.after === null)
      .reply(
        200,
        answer({
          webhookSubscriptions: {
            pageInfo: { hasNextPage: true, endCursor: 'w1' },
            nodes: [
              subscription(1, 'ORDERS_CREATE', CALLBACK),
              subscription(2, 'ORDERS_UPDATED', CALLBACK, '2025-07'),
            ],
          },
        }),
      );
    api
      .on('WebhookSubscriptions', (v) => v.after === 'w1')
      .reply(
        200,
        answer({
          webhookSubscriptions: {
            pageInfo: { hasNextPage: false, endCursor: null },
            nodes: [subscription(3, 'APP_UNINSTALLED', 'https://other.example/hooks')],
          },
        }),
      );
    api
      .on('WebhookSubscriptionDelete', (v) => v.id === 'gid://shopify/WebhookSubscription/2')
      .reply(
        200,
        answer({
          webhookSubscriptionDelete: {
            deletedWebhookSubscriptionId: 'gid://shopify/WebhookSubscription/2',
            userErrors: [],
          },
        }),
      );
    let next = 100;
    for (const topic of WEBHOOK_TOPICS.filter((t) => t.graphql !== 'ORDERS_CREATE')) {
      api
        .on('WebhookSubscriptionCreate', (v) => v.topic === topic.graphql)
        .reply(
          200,
          answer({
            webhookSubscriptionCreate: {
              webhookSubscription: subscription(next++, topic.graphql, CALLBACK),
              userErrors: [],
            },
          }),
        );
    }
    const { integration } = testIntegration();
    const repair = await integration.ensureWebhooks(shopifyContext(), CALLBACK);
    expect(repair.actions).toEqual([
      'deleted orders/updated 2 (JSON, API 2025-07)',
      ...WEBHOOK_TOPICS.filter((t) => t.graphql !== 'ORDERS_CREATE').map((t) => `created ${t.delivery}`),
    ]);
    expect(repair.webhooks.map((w) => w.topic)).toEqual(WEBHOOK_TOPICS.map((t) => t.delivery));
    expect(repair.webhooks[0]).toEqual({
      id: '1',
      topic: 'orders/create',
      address: CALLBACK,
      status: 'active',
    });
    expect(api.variablesOf('WebhookSubscriptionCreate')[0]).toEqual({
      topic: 'ORDERS_UPDATED',
      subscription: { uri: CALLBACK, format: 'JSON' },
    });
  });

  it('a refused subscription is an error naming the topic', async () => {
    const api = new ShopifyApiMock();
    api
      .on('WebhookSubscriptions')
      .reply(
        200,
        answer({ webhookSubscriptions: { pageInfo: { hasNextPage: false, endCursor: null }, nodes: [] } }),
      );
    api.on('WebhookSubscriptionCreate').reply(
      200,
      answer({
        webhookSubscriptionCreate: {
          webhookSubscription: null,
          userErrors: [
            { field: ['webhookSubscription', 'callbackUrl'], message: 'Address is an invalid domain name' },
          ],
        },
      }),
    );
    const { integration } = testIntegration();
    await expect(integration.ensureWebhooks(shopifyContext(), CALLBACK)).rejects.toThrow(
      /orders\/create subscription: webhookSubscription.callbackUrl: Address is an invalid domain name/,
    );
  });

  it('lists every subscription and removes only the hub’s', async () => {
    const api = new ShopifyApiMock();
    const nodes = [
      subscription(1, 'ORDERS_CREATE', CALLBACK),
      subscription(3, 'APP_UNINSTALLED', 'https://other.example/hooks'),
      subscription(4, 'REFUNDS_CREATE', CALLBACK),
    ];
    api
      .on('WebhookSubscriptions')
      .times(2)
      .reply(
        200,
        answer({ webhookSubscriptions: { pageInfo: { hasNextPage: false, endCursor: null }, nodes } }),
      );
    api
      .on('WebhookSubscriptionDelete', (v) => v.id === 'gid://shopify/WebhookSubscription/1')
      .reply(
        200,
        answer({ webhookSubscriptionDelete: { deletedWebhookSubscriptionId: 'x', userErrors: [] } }),
      );
    api
      .on('WebhookSubscriptionDelete', (v) => v.id === 'gid://shopify/WebhookSubscription/4')
      .reply(
        200,
        answer({ webhookSubscriptionDelete: { deletedWebhookSubscriptionId: 'y', userErrors: [] } }),
      );
    const { integration } = testIntegration();
    const ctx = shopifyContext();
    expect((await integration.listWebhooks(ctx)).map((w) => `${w.id} ${w.topic} ${w.address}`)).toEqual([
      `1 orders/create ${CALLBACK}`,
      '3 app/uninstalled https://other.example/hooks',
      `4 refunds/create ${CALLBACK}`,
    ]);
    await integration.removeWebhooks(ctx, CALLBACK);
    expect(api.operations()).toEqual([
      'WebhookSubscriptions',
      'WebhookSubscriptions',
      'WebhookSubscriptionDelete',
      'WebhookSubscriptionDelete',
    ]);
  });
});
