import { createHmac } from 'node:crypto';
import { startWooCommerceSandbox, type WooOrder, type WooSandbox } from '../../../src/sandbox';
import { basic, minor, oauthSign, startReceiver } from './helpers';

const UNTIL = new Date('2026-11-01T00:00:00Z');
let woo: WooSandbox;

beforeAll(async () => {
  woo = await startWooCommerceSandbox({ orders: 500, seed: 42, seedUntil: UNTIL });
});
afterAll(async () => {
  await woo.close();
});

function get(path: string, auth = basic(woo.credentials)): Promise<Response> {
  return fetch(`${woo.url}/wp-json/wc/v3${path}`, { headers: { authorization: auth } });
}

async function send(
  method: string,
  path: string,
  body: unknown,
  auth = basic(woo.credentials),
): Promise<Response> {
  return fetch(`${woo.url}/wp-json/wc/v3${path}`, {
    method,
    headers: { authorization: auth, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

describe('WooCommerce sandbox: listing', () => {
  test('pagination headers and Link prev/next like WooCommerce 11', async () => {
    const first = await get('/orders?per_page=20');
    expect(first.status).toBe(200);
    const total = Number(first.headers.get('x-wp-total'));
    expect(total).toBeGreaterThan(450);
    expect(first.headers.get('x-wp-totalpages')).toBe(String(Math.ceil(total / 20)));
    expect(first.headers.get('link')).toBe(
      `<${woo.url}/wp-json/wc/v3/orders?per_page=20&status%5B0%5D=any&dp=2&context=view&page=2>; rel="next"`,
    );
    const page2 = await get('/orders?per_page=20&page=2');
    const link = page2.headers.get('link') ?? '';
    expect(link).toContain('rel="prev"');
    expect(link).toContain('page=3');
    const a = (await first.json()) as WooOrder[];
    const b = (await page2.json()) as WooOrder[];
    expect(a).toHaveLength(20);
    expect(a[0]!.id).toBeGreaterThan(b[0]!.id);
    expect(a.some((o) => o.status === 'trash')).toBe(false);
  });

  test('modified_after/before windows (GMT) with orderby=modified asc', async () => {
    const after = '2026-06-01T00:00:00';
    const before = '2026-07-01T00:00:00';
    const res = await get(
      `/orders?modified_after=${after}&modified_before=${before}&dates_are_gmt=true&orderby=modified&order=asc&per_page=100`,
    );
    const orders = (await res.json()) as WooOrder[];
    const total = Number(res.headers.get('x-wp-total'));
    expect(total).toBeGreaterThan(10);
    expect(orders.length).toBe(Math.min(100, total));
    const stamps = orders.map((o) => o.date_modified_gmt);
    expect([...stamps].sort()).toEqual(stamps);
    expect(stamps.every((s) => s > after && s < before)).toBe(true);
  });

  test('per_page above 100 is refused as WordPress does', async () => {
    const res = await get('/orders?per_page=500');
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({
      code: 'rest_invalid_param',
      data: { params: { per_page: 'per_page must be between 1 (inclusive) and 100 (inclusive)' } },
    });
  });

  test('orders add up exactly in minor units (real wc/v3 money identities)', async () => {
    const orders = (await (await get('/orders?per_page=100&status=any')).json()) as WooOrder[];
    for (const o of orders) {
      const d = o.currency === 'JPY' ? 0 : o.currency === 'KWD' ? 3 : 2;
      const m = (s: string) => minor(s, d);
      const lines = o.line_items.reduce((a, l) => a + m(l.total), 0);
      const fees = o.fee_lines.reduce((a, f) => a + m(f.total), 0);
      expect(lines + fees + m(o.shipping_total) + m(o.total_tax)).toBe(m(o.total));
      expect(m(o.cart_tax) + m(o.shipping_tax)).toBe(m(o.total_tax));
      expect(o.line_items.reduce((a, l) => a + m(l.subtotal) - m(l.total), 0)).toBe(m(o.discount_total));
      if (o.currency === 'JPY') expect(o.total).not.toContain('.');
      expect(typeof o.line_items[0]?.price).toBe('number');
    }
  });
});

describe('WooCommerce sandbox: authentication', () => {
  const url = () => `${woo.url}/wp-json/wc/v3/orders`;

  test('OAuth 1.0a (query string, HMAC-SHA256 and SHA1) is accepted; a nonce is single-use', async () => {
    for (const algorithm of ['HMAC-SHA256', 'HMAC-SHA1'] as const) {
      const params = oauthSign('GET', url(), woo.credentials, { algorithm, query: { per_page: '2' } });
      const res = await fetch(`${url()}?${new URLSearchParams(params)}`);
      expect(res.status).toBe(200);
      expect(((await res.json()) as unknown[]).length).toBe(2);
      const replay = await fetch(`${url()}?${new URLSearchParams(params)}`);
      expect(replay.status).toBe(401);
      expect(await replay.json()).toMatchObject({
        code: 'woocommerce_rest_authentication_error',
        message: 'Invalid nonce - nonce has already been used.',
      });
    }
  });

  test('OAuth in the Authorization header is accepted', async () => {
    const p = oauthSign('GET', url(), woo.credentials);
    const header = `OAuth ${Object.entries(p)
      .map(([k, v]) => `${k}="${encodeURIComponent(v)}"`)
      .join(', ')}`;
    expect((await fetch(url(), { headers: { authorization: header } })).status).toBe(200);
  });

  test('wrong signature, stale timestamp and unknown key are refused with WooCommerce codes', async () => {
    const bad = oauthSign('GET', url(), { ...woo.credentials, consumerSecret: 'cs_wrong' });
    let res = await fetch(`${url()}?${new URLSearchParams(bad)}`);
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({
      code: 'woocommerce_rest_authentication_error',
      message: 'Invalid signature - provided signature does not match.',
    });
    const stale = oauthSign('GET', url(), woo.credentials, {
      timestamp: Math.floor(Date.now() / 1000) - 16 * 60,
    });
    res = await fetch(`${url()}?${new URLSearchParams(stale)}`);
    expect(await res.json()).toMatchObject({ message: 'Invalid timestamp.' });
    const unknown = oauthSign('GET', url(), { consumerKey: 'ck_unknown', consumerSecret: 'x' });
    res = await fetch(`${url()}?${new URLSearchParams(unknown)}`);
    expect(await res.json()).toMatchObject({
      code: 'woocommerce_rest_authentication_error',
      message: 'Consumer key is invalid.',
    });
  });

  test('Basic auth: unknown key → cannot_view, wrong secret → authentication_error (as captured on WC 11)', async () => {
    let res = await get('/orders', basic({ consumerKey: 'ck_nobody', consumerSecret: 'cs' }));
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({
      code: 'woocommerce_rest_cannot_view',
      message: 'Sorry, you cannot list resources.',
      data: { status: 401 },
    });
    res = await get('/orders', basic({ ...woo.credentials, consumerSecret: 'cs_wrong' }));
    expect(await res.json()).toEqual({
      code: 'woocommerce_rest_authentication_error',
      message: 'Consumer secret is invalid.',
      data: { status: 401 },
    });
  });

  test('a read-only key reads but cannot write', async () => {
    const ro = basic(woo.readOnlyCredentials);
    expect((await get('/orders?per_page=1', ro)).status).toBe(200);
    const res = await send('PUT', '/orders/1000', { status: 'completed' }, ro);
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({
      message: 'The API key provided does not have write permissions.',
    });
  });
});

describe('WooCommerce sandbox: writes, batch and webhooks', () => {
  test('batch above 100 items is 413; per-item errors are inline', async () => {
    const update = Array.from({ length: 101 }, (_, i) => ({ id: 10 + i, stock_quantity: 5 }));
    const big = await send('POST', '/products/batch', { update });
    expect(big.status).toBe(413);
    expect(await big.json()).toMatchObject({
      code: 'woocommerce_rest_request_entity_too_large',
      message: 'Unable to accept more than 100 items for this request.',
    });
    const ok = await send('POST', '/products/batch', {
      update: [
        { id: 10, stock_quantity: 7 },
        { id: 999999, stock_quantity: 1 },
      ],
    });
    expect(ok.status).toBe(200);
    const body = (await ok.json()) as {
      update: { id: number; stock_quantity?: number; error?: { code: string } }[];
    };
    expect(body.update[0]).toMatchObject({ id: 10, stock_quantity: 7 });
    expect(body.update[1]).toMatchObject({
      id: 999999,
      error: { code: 'woocommerce_rest_product_invalid_id' },
    });
  });

  test('webhook: creation ping, then signed deliveries whose HMAC verifies against the raw bytes', async () => {
    const receiver = await startReceiver();
    try {
      const created = await send('POST', '/webhooks', {
        name: 'hub',
        topic: 'order.updated',
        delivery_url: receiver.url,
        secret: 'hub-secret',
      });
      expect(created.status).toBe(201);
      const ping = receiver.received[0]!;
      expect(ping.body.toString()).toMatch(/^webhook_id=\d+$/);
      expect(ping.headers['content-type']).toBe('application/x-www-form-urlencoded');
      expect(ping.headers['x-wc-webhook-signature']).toBeUndefined();

      const put = await send('PUT', '/orders/1000', { status: 'completed' });
      expect(put.status).toBe(200);
      await woo.store.flushWebhooks();
      const delivery = receiver.received.find((r) => r.headers['x-wc-webhook-topic'] === 'order.updated')!;
      expect(delivery.headers['x-wc-webhook-resource']).toBe('order');
      expect(delivery.headers['x-wc-webhook-event']).toBe('updated');
      expect(delivery.headers['x-wc-webhook-source']).toBe(`${woo.url}/`);
      expect(delivery.headers['x-wc-webhook-delivery-id']).toMatch(/^[0-9a-f]{32}$/);
      const expected = createHmac('sha256', 'hub-secret').update(delivery.body).digest('base64');
      expect(delivery.headers['x-wc-webhook-signature']).toBe(expected);
      expect(delivery.body.toString()).toContain('"http:\\/\\/127.0.0.1');
      expect(JSON.parse(delivery.body.toString())).toMatchObject({ id: 1000, status: 'completed' });
    } finally {
      await receiver.close();
    }
  });

  test('a webhook is disabled after the 7th consecutive failed delivery', async () => {
    const receiver = await startReceiver((r) => (r.headers['x-wc-webhook-topic'] ? 500 : 200));
    try {
      const hook = await woo.store.createWebhook({
        topic: 'order.created',
        delivery_url: receiver.url,
        secret: 's',
      });
      for (let i = 0; i < 8; i += 1) woo.store.createOrder();
      await woo.store.flushWebhooks();
      const failed = woo.store.deliveries.filter((d) => d.webhookId === hook.id && d.kind === 'delivery');
      expect(failed).toHaveLength(7);
      expect(woo.store.listWebhooks().find((w) => w.id === hook.id)?.status).toBe('disabled');
    } finally {
      await receiver.close();
    }
  });

  test('trash (order.deleted), refunds and notes', async () => {
    const order = woo.store.createOrder({ status: 'processing' });
    const trashed = await fetch(`${woo.url}/wp-json/wc/v3/orders/${order.id}`, {
      method: 'DELETE',
      headers: { authorization: basic(woo.credentials) },
    });
    expect(trashed.status).toBe(200);
    expect(((await (await get(`/orders/${order.id}`)).json()) as WooOrder).status).toBe('trash');
    const listed = (await (await get(`/orders?include=${order.id}`)).json()) as WooOrder[];
    expect(listed).toHaveLength(0);
    woo.store.restoreOrder(order.id);
    const refund = woo.store.refundOrder(order.id, {
      lineItems: [{ id: order.line_items[0]!.id, quantity: 1 }],
      reason: 'damaged',
    });
    expect(Number(refund.amount)).toBeGreaterThan(0);
    const after = woo.store.getOrder(order.id)!;
    expect(after.refunds[0]).toMatchObject({ id: refund.id, total: `-${refund.amount}` });
    const note = await send('POST', `/orders/${order.id}/notes`, { note: 'Packed', added_by_user: true });
    expect(note.status).toBe(201);
  });

  test('faults: 429 with Retry-After, WordPress critical error, HTML maintenance page', async () => {
    woo.faults.rateLimit({ count: 1, retryAfterSeconds: 3 });
    let res = await get('/orders?per_page=1');
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('3');
    woo.faults.serverErrors({ count: 1, status: 500 });
    res = await get('/orders?per_page=1');
    expect(res.status).toBe(500);
    expect(await res.json()).toMatchObject({ code: 'internal_server_error' });
    woo.faults.html(true);
    res = await get('/orders?per_page=1');
    expect(res.headers.get('content-type')).toContain('text/html');
    woo.faults.reset();
    expect((await get('/orders?per_page=1')).status).toBe(200);
    expect(woo.requests.filter('GET', '/wp-json/wc/v3/orders').length).toBeGreaterThan(3);
  });
});
