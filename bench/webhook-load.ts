import { createHmac, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';

/** Signed WooCommerce order webhooks with realistic 5–10 KB bodies, for one integration each. */
export interface SignedDelivery {
  integrationId: string;
  orderId: number;
  version: number;
  body: string;
  headers: Record<string, string>;
}

const template = JSON.parse(
  readFileSync(
    path.join(__dirname, '..', 'test', 'fixtures', 'woocommerce', 'webhooks', 'order-created-paid.body.raw'),
    'utf8',
  ),
) as Record<string, unknown>;

export function signedOrderDelivery(
  integrationId: string,
  secret: string,
  orderId: number,
  version: number,
): SignedDelivery {
  const modified = new Date(Date.UTC(2026, 0, 1) + orderId * 1000 + version * 60_000)
    .toISOString()
    .slice(0, 19);
  const order = {
    ...template,
    id: orderId,
    number: String(orderId),
    date_modified_gmt: modified,
    date_modified: modified,
    meta_data: Array.from({ length: 24 }, (_, i) => ({
      id: i + 1,
      key: `_bench_meta_${i}`,
      value: randomUUID().repeat(3),
    })),
  };
  const body = JSON.stringify(order);
  return {
    integrationId,
    orderId,
    version,
    body,
    headers: {
      'content-type': 'application/json',
      'user-agent': 'WooCommerce/11.0.1 Hookshot (WordPress/7.0.4)',
      'x-wc-webhook-source': 'https://bench.example/',
      'x-wc-webhook-topic': 'order.updated',
      'x-wc-webhook-resource': 'order',
      'x-wc-webhook-event': 'updated',
      'x-wc-webhook-id': '1',
      'x-wc-webhook-delivery-id': createHmac('md5', 'x').update(`${orderId}:${version}`).digest('hex'),
      'x-wc-webhook-signature': createHmac('sha256', secret).update(body).digest('base64'),
    },
  };
}
