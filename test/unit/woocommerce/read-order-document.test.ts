import { isJsonObject, type JsonValue } from '../../../src/core/json';
import { delivery, fixture, fixtureObject, integration } from './helpers';

const read = (document: JsonValue) => integration().readOrderDocument(document);
const idOf = (value: JsonValue) => (isJsonObject(value) ? value.id : undefined);

describe('readOrderDocument', () => {
  it('takes a REST answer or webhook body as it is', () => {
    const order = fixtureObject('orders/paid-percent-coupon-two-tax-rates.json');
    expect(read(order)).toBe(order);
  });

  it('unwraps the Jetpack tunnel envelope {"data": …}', () => {
    expect(idOf(read(fixture('orders/jetpack-envelope-fields-subset.json')))).toBe(1014);
  });

  it('unwraps a captured delivery {headers, body} with a parsed body', () => {
    expect(idOf(read(fixture('deliveries/captured-order-updated-rub-full-coupon.json')))).toBe(1028);
  });

  it('unwraps a captured delivery whose body is the raw text, keeping exact numbers', () => {
    const raw = delivery('order-created-paid');
    const order = read({
      headers: { 'x-wc-webhook-topic': 'order.created' },
      body: raw.rawBody.toString('utf8'),
    });
    expect(idOf(order)).toBe(1001);
    const lines = (order as { line_items: { price: unknown }[] }).line_items;
    expect(String(lines[0]!.price)).toBe('21.6');
  });

  it('unwraps `.response`, the legacy `{"order": …}` and a list of one order', () => {
    const order = fixtureObject('orders/on-hold.json');
    expect(read({ response: order })).toBe(order);
    expect(read({ order })).toBe(order);
    expect(read([order])).toBe(order);
  });

  it('says so when a document holds several orders', () => {
    expect(() => read(fixture('lists/jetpack-envelope-two-orders.json'))).toThrow(
      'holds 2 WooCommerce orders, not one',
    );
  });

  it.each([
    ['a deletion notice', { id: 28 }, 'only an id (a deletion notice)'],
    ['a refund list', fixture('refunds/order-1005-refunds.json'), 'a list of 2 item(s)'],
    [
      'a WooCommerce error',
      { code: 'woocommerce_rest_shop_order_invalid_id', message: 'Invalid ID.', data: { status: 404 } },
      'an error answer',
    ],
    ['a product delivery', fixture('hookdeck/hookdeck__product.updated.json'), 'a product (simple)'],
    [
      'a coupon deletion delivery',
      fixture('hookdeck/hookdeck__coupon.deleted.json'),
      'only an id (a deletion notice)',
    ],
    ['a ping body', { headers: {}, body: 'webhook_id=2' }, 'an object with keys headers, body'],
  ])('refuses %s with a clear reason', (_what, document, reason) => {
    expect(() => read(document)).toThrow(`this document is not a WooCommerce order: it is ${reason}`);
  });
});
