import fs from 'node:fs';
import path from 'node:path';
import { WebhookPayloadError } from '../../../src/core/errors';
import type { InboundWebhook } from '../../../src/core/integration';
import { FIXTURES, delivery, fixtureObject, integration } from './helpers';

const woo = integration();

function withBody(name: string, body: string): InboundWebhook {
  return { headers: delivery(name).headers, rawBody: Buffer.from(body) };
}

describe('parseWebhook: order topics', () => {
  it('order.created carries the order, read with exact numbers', () => {
    const event = woo.parseWebhook(delivery('order-created-paid'));
    expect(event).toMatchObject({
      kind: 'order',
      topic: 'order.created',
      orderExternalId: '1001',
      orderUpdatedAt: '2026-03-02T14:05:10Z',
      deleted: false,
      deliveryKey: 'order.created:1001:2026-03-02T14:05:10',
      eventKey: null,
      triggeredAt: null,
    });
    if (event.kind !== 'order') throw new Error('expected an order event');
    expect(event.payload).toEqual(fixtureObject('orders/paid-percent-coupon-two-tax-rates.json'));
    const lines = (event.payload as { line_items: { price: unknown }[] }).line_items;
    expect(lines.map((line) => String(line.price))).toEqual(['21.6', '16.65']);
  });

  it('names two deliveries of different orders differently although their delivery ids are equal', () => {
    const a = woo.parseWebhook(delivery('order-created-paid'));
    const b = woo.parseWebhook(delivery('order-updated-unicode-fee'));
    expect(delivery('order-created-paid').headers['x-wc-webhook-delivery-id']).toBe(
      delivery('order-updated-unicode-fee').headers['x-wc-webhook-delivery-id'],
    );
    expect(a.deliveryKey).not.toBe(b.deliveryKey);
    expect(b.deliveryKey).toBe('order.updated:1003:2026-03-02T16:20:01');
  });

  it('an order with refunds comes without payload, so the hub fetches it with its full refunds', () => {
    const event = woo.parseWebhook(delivery('order-updated-with-refunds'));
    expect(event).toMatchObject({
      kind: 'order',
      orderExternalId: '1005',
      orderUpdatedAt: '2026-03-06T11:15:27Z',
      deleted: false,
      payload: null,
    });
  });

  it('order.deleted carries only the id: deleted, no payload, named by its delivery id', () => {
    const event = woo.parseWebhook(delivery('order-deleted'));
    expect(event).toEqual({
      kind: 'order',
      topic: 'order.deleted',
      orderExternalId: '1007',
      orderUpdatedAt: null,
      deleted: true,
      payload: null,
      deliveryKey: 'order.deleted:1007:5c1e0b7a9d3f42e8a6b4c2d0e8f6a4b2',
      eventKey: null,
      triggeredAt: null,
    });
  });

  it('reads the real WooCommerce 11.0.1 order.deleted delivery', () => {
    const event = woo.parseWebhook(delivery('real-store-11.0.1__041__order.deleted'));
    expect(event).toMatchObject({
      kind: 'order',
      orderExternalId: '28',
      deleted: true,
      payload: null,
      deliveryKey: 'order.deleted:28:1105e2d65f1c6a72b40318e2cbc05858',
    });
  });

  it('order.restored is an ordinary order event', () => {
    const event = woo.parseWebhook(delivery('order-restored-on-hold'));
    expect(event).toMatchObject({
      kind: 'order',
      topic: 'order.restored',
      orderExternalId: '1006',
      deleted: false,
    });
    expect(event.kind === 'order' && event.payload !== null).toBe(true);
  });

  it('an order delivered while trashed is deleted', () => {
    const trashed = JSON.stringify(fixtureObject('orders/trashed.json'));
    const event = woo.parseWebhook(withBody('order-created-paid', trashed));
    expect(event).toMatchObject({
      kind: 'order',
      orderExternalId: '1007',
      deleted: true,
      orderUpdatedAt: '2026-03-03T11:00:05Z',
    });
  });
});

describe('parseWebhook: other topics and unreadable bodies', () => {
  it('product.updated is a catalog change', () => {
    expect(woo.parseWebhook(delivery('product-updated'))).toMatchObject({
      kind: 'catalog_changed',
      topic: 'product.updated',
      productExternalId: '510',
      deliveryKey: 'product.updated:510:2026-03-03T08:00:01',
    });
  });

  it('reads a real WooCommerce 7.4 product.updated delivery (hookdeck sample)', () => {
    const sample = fixtureObject('hookdeck/hookdeck__product.updated.json');
    const headers = sample.headers as Record<string, string>;
    const rawBody = fs.readFileSync(
      path.join(FIXTURES, 'hookdeck/hookdeck__product.updated.raw-body.reconstructed.txt'),
    );
    expect(rawBody.length).toBe(Number(headers['content-length']));
    expect(woo.parseWebhook({ headers, rawBody })).toMatchObject({
      kind: 'catalog_changed',
      productExternalId: String((sample.body as { id: number }).id),
    });
  });

  it('other topics are ignored with a reason', () => {
    expect(woo.parseWebhook(delivery('coupon-updated'))).toMatchObject({
      kind: 'ignored',
      topic: 'coupon.updated',
      reason: 'topic coupon.updated is not one the hub reads',
    });
    const coupon = fixtureObject('hookdeck/hookdeck__coupon.deleted.json');
    const event = woo.parseWebhook({
      headers: coupon.headers as Record<string, string>,
      rawBody: Buffer.from('{"id":16}'),
    });
    expect(event.kind).toBe('ignored');
  });

  it.each([
    [
      'a body that is not JSON',
      'order-created-paid',
      '<html><body>oops</body></html>',
      'the delivery body is not JSON',
    ],
    [
      'an order topic whose body is not an order',
      'order-created-paid',
      '{"id":1001,"status":"processing"}',
      'the order.created body is not a WooCommerce order',
    ],
    [
      'an order topic whose body names no order',
      'order-deleted',
      '{"order":{}}',
      'the order.deleted body names no order',
    ],
  ])('refuses %s with WebhookPayloadError', (_what, name, body, message) => {
    const parse = () => woo.parseWebhook(withBody(name, body));
    expect(parse).toThrow(WebhookPayloadError);
    expect(parse).toThrow(message);
  });

  it('refuses a delivery without topic', () => {
    const { headers, rawBody } = delivery('order-created-paid');
    const noTopic = { ...headers };
    delete noTopic['x-wc-webhook-topic'];
    expect(() => woo.parseWebhook({ headers: noTopic, rawBody })).toThrow('no X-WC-Webhook-Topic header');
  });
});
