import type { JsonObject } from '../../../src/core/json';
import { API, CREDENTIALS, context, integration, json, setUpNock, store } from './helpers';

setUpNock();

const HUB = 'https://hub.example.com/webhooks/woocommerce/int_1';
const LIST_QUERY = { per_page: '100', page: '1', context: 'edit' };

function webhook(
  id: number,
  topic: string,
  status: string,
  address = HUB,
  secret = CREDENTIALS.webhookSecret,
): JsonObject {
  return {
    id,
    name: `Channel Hub ${topic}`,
    status,
    topic,
    resource: 'order',
    event: topic.split('.')[1]!,
    delivery_url: address,
    secret,
  };
}

describe('ensureWebhooks', () => {
  it('creates the four order subscriptions with the hub’s secret on a store that has none', async () => {
    const created: JsonObject[] = [];
    store()
      .get(`${API}/webhooks`)
      .query(LIST_QUERY)
      .reply(
        ...json([webhook(9, 'order.created', 'active', 'https://elsewhere.example.com/hook')], {
          'x-wp-totalpages': '1',
        }),
      );
    for (const [index, topic] of [
      'order.created',
      'order.updated',
      'order.deleted',
      'order.restored',
    ].entries()) {
      store()
        .post(`${API}/webhooks`, (body: JsonObject) => {
          created.push(body);
          return body.topic === topic;
        })
        .reply(201, JSON.stringify(webhook(20 + index, topic, 'active')), {
          'content-type': 'application/json',
        });
    }
    const repair = await integration().ensureWebhooks(context(), HUB);
    expect(repair.actions).toEqual([
      'created order.created',
      'created order.updated',
      'created order.deleted',
      'created order.restored',
    ]);
    expect(repair.webhooks.map((w) => [w.id, w.topic, w.status, w.address])).toEqual([
      ['20', 'order.created', 'active', HUB],
      ['21', 'order.updated', 'active', HUB],
      ['22', 'order.deleted', 'active', HUB],
      ['23', 'order.restored', 'active', HUB],
    ]);
    expect(created[0]).toEqual({
      name: 'Channel Hub order.created',
      topic: 'order.created',
      delivery_url: HUB,
      secret: CREDENTIALS.webhookSecret,
      status: 'active',
    });
  });

  it('re-enables disabled and paused ones, replaces a stale secret, and leaves healthy ones alone', async () => {
    store()
      .get(`${API}/webhooks`)
      .query(LIST_QUERY)
      .reply(
        ...json(
          [
            webhook(1, 'order.created', 'active'),
            webhook(2, 'order.updated', 'disabled'),
            webhook(3, 'order.deleted', 'paused'),
            webhook(4, 'order.restored', 'active', HUB, 'an-old-secret'),
          ],
          { 'x-wp-totalpages': '1' },
        ),
      )
      .put(`${API}/webhooks/2`, { status: 'active' })
      .reply(...json(webhook(2, 'order.updated', 'active')))
      .put(`${API}/webhooks/3`, { status: 'active' })
      .reply(...json(webhook(3, 'order.deleted', 'active')))
      .put(`${API}/webhooks/4`, { secret: CREDENTIALS.webhookSecret })
      .reply(...json(webhook(4, 'order.restored', 'active')));
    const repair = await integration().ensureWebhooks(context(), HUB);
    expect(repair.actions).toEqual([
      're-enabled 2 order.updated (disabled)',
      're-enabled 3 order.deleted (paused)',
      'replaced the secret of 4 order.restored',
    ]);
    expect(repair.webhooks.every((w) => w.status === 'active')).toBe(true);
  });

  it('needs the webhook secret the hub made at connection', async () => {
    const ctx = context({
      credentials: { consumerKey: CREDENTIALS.consumerKey, consumerSecret: CREDENTIALS.consumerSecret },
    });
    await expect(integration().ensureWebhooks(ctx, HUB)).rejects.toThrow('no webhook secret is stored');
  });
});

describe('listWebhooks and removeWebhooks', () => {
  const all = [
    webhook(1, 'order.created', 'active'),
    webhook(2, 'order.updated', 'disabled'),
    webhook(7, 'product.updated', 'active', 'https://erp.example.com/woo'),
  ];

  it('lists every subscription of the store, across pages', async () => {
    store()
      .get(`${API}/webhooks`)
      .query(LIST_QUERY)
      .reply(...json(all.slice(0, 2), { 'x-wp-totalpages': '2' }))
      .get(`${API}/webhooks`)
      .query({ ...LIST_QUERY, page: '2' })
      .reply(...json(all.slice(2), { 'x-wp-totalpages': '2' }));
    expect(await integration().listWebhooks(context())).toEqual([
      { id: '1', topic: 'order.created', address: HUB, status: 'active' },
      { id: '2', topic: 'order.updated', address: HUB, status: 'disabled' },
      { id: '7', topic: 'product.updated', address: 'https://erp.example.com/woo', status: 'active' },
    ]);
  });

  it('deletes only the subscriptions that point at the hub, and tolerates one already gone', async () => {
    store()
      .get(`${API}/webhooks`)
      .query(LIST_QUERY)
      .reply(...json(all, { 'x-wp-totalpages': '1' }))
      .delete(`${API}/webhooks/1`)
      .query({ force: 'true' })
      .reply(...json(all[0]!))
      .delete(`${API}/webhooks/2`)
      .query({ force: 'true' })
      .reply(
        404,
        JSON.stringify({
          code: 'woocommerce_rest_webhook_invalid_id',
          message: 'Invalid ID.',
          data: { status: 404 },
        }),
      );
    await expect(integration().removeWebhooks(context(), HUB)).resolves.toBeUndefined();
  });
});
