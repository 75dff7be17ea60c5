import { ChannelError } from '../../../src/core/errors';
import type { CancelPush, FulfillmentPush } from '../../../src/core/integration';
import type { JsonObject } from '../../../src/core/json';
import {
  API,
  context,
  fixture,
  fixtureObject,
  integration,
  json,
  setUpNock,
  store,
  wooError,
} from './helpers';

setUpNock();

const paid = fixtureObject('orders/paid-percent-coupon-two-tax-rates.json');
const completed = fixtureObject('orders/completed.json');
const ORDER = `${API}/orders/1001`;
const NOTES = `${ORDER}/notes`;
const TRACKING_NOTE =
  'Shipped with DHL. Tracking number: JD014600006281. Track it at https://track.example.com/JD014600006281';

function fulfilment(changes: Partial<FulfillmentPush> = {}): FulfillmentPush {
  return {
    orderExternalId: '1001',
    lineItems: null,
    tracking: { company: 'DHL', number: 'JD014600006281', url: 'https://track.example.com/JD014600006281' },
    notifyCustomer: true,
    idempotencyKey: 'push_1',
    ...changes,
  };
}

function note(id: number, text: string, customer = true): JsonObject {
  return {
    id,
    author: 'system',
    date_created_gmt: '2026-03-04T09:30:00',
    note: text,
    customer_note: customer,
  };
}

describe('pushFulfillment', () => {
  it('writes nothing when the order is already completed', async () => {
    store()
      .get(ORDER)
      .reply(...json(completed));
    const result = await integration().pushFulfillment(context(), fulfilment());
    expect(result.outcome).toBe('already_applied');
    expect(result.order).toMatchObject({ externalId: '1001', updatedAt: '2026-03-04T09:30:00Z' });
  });

  it('adds the tracking note, completes the order and reads it back', async () => {
    store()
      .get(ORDER)
      .reply(...json(paid))
      .get(NOTES)
      .reply(...json([note(300, 'Order status changed from Pending payment to Processing.', false)]))
      .post(NOTES, { note: TRACKING_NOTE, customer_note: true })
      .reply(201, JSON.stringify(note(301, TRACKING_NOTE)), { 'content-type': 'application/json' })
      .put(ORDER, { status: 'completed' })
      .reply(...json(completed))
      .get(ORDER)
      .reply(...json(completed));
    const result = await integration().pushFulfillment(context(), fulfilment());
    expect(result).toMatchObject({
      outcome: 'applied',
      channelRef: '301',
      order: { externalId: '1001', updatedAt: '2026-03-04T09:30:00Z' },
    });
  });

  it('on a retry after the note went in, only completes the order', async () => {
    store()
      .get(ORDER)
      .reply(...json(paid))
      .get(NOTES)
      .reply(...json([note(301, TRACKING_NOTE)]))
      .put(ORDER, { status: 'completed' })
      .reply(...json(completed))
      .get(ORDER)
      .reply(...json(completed));
    const result = await integration().pushFulfillment(context(), fulfilment());
    expect(result).toMatchObject({ outcome: 'applied', channelRef: '301' });
  });

  it('completes an order without tracking without a note', async () => {
    store()
      .get(ORDER)
      .reply(...json(paid))
      .put(ORDER, { status: 'completed' })
      .reply(...json(completed))
      .get(ORDER)
      .reply(...json(completed));
    const result = await integration().pushFulfillment(context(), fulfilment({ tracking: null }));
    expect(result).toMatchObject({ outcome: 'applied', channelRef: null });
  });

  it('for some lines only, adds a note naming them and leaves the status (no partial fulfilment in WooCommerce)', async () => {
    const partialNote = `Partly shipped: 2 × Linen Apron. ${TRACKING_NOTE}`;
    store()
      .get(ORDER)
      .reply(...json(paid))
      .get(NOTES)
      .reply(...json([]))
      .post(NOTES, { note: partialNote, customer_note: false })
      .reply(201, JSON.stringify(note(302, partialNote, false)), { 'content-type': 'application/json' })
      .get(ORDER)
      .reply(...json(paid));
    const push = fulfilment({
      lineItems: [{ lineItemExternalId: '11', quantity: 2 }],
      notifyCustomer: false,
    });
    const result = await integration().pushFulfillment(context(), push);
    expect(result).toMatchObject({ outcome: 'applied', channelRef: '302', order: { externalId: '1001' } });
  });

  it('counts refunded units as shipped: covering what is left completes the order', async () => {
    const refunded = fixtureObject('orders/partially-refunded-short-refunds.json');
    const path = `${API}/orders/1005`;
    store()
      .get(path)
      .reply(...json(refunded))
      .get(`${path}/refunds`)
      .query(true)
      .reply(...json(fixture('refunds/order-1005-refunds.json')))
      .put(path, { status: 'completed' })
      .reply(...json({ ...refunded, status: 'completed' }))
      .get(path)
      .reply(...json({ ...refunded, status: 'completed', refunds: [] }));
    const push = fulfilment({
      orderExternalId: '1005',
      tracking: null,
      lineItems: [
        { lineItemExternalId: '51', quantity: 1 },
        { lineItemExternalId: '52', quantity: 1 },
      ],
    });
    await expect(integration().pushFulfillment(context(), push)).resolves.toMatchObject({
      outcome: 'applied',
    });
  });

  it('refuses lines that are not on the order, and orders that are gone or cancelled', async () => {
    store()
      .get(ORDER)
      .reply(...json(paid));
    await expect(
      integration().pushFulfillment(
        context(),
        fulfilment({ lineItems: [{ lineItemExternalId: '99', quantity: 1 }] }),
      ),
    ).rejects.toThrow('line item 99 is not on order 1001');
    store()
      .get(ORDER)
      .reply(...wooError(404, 'woocommerce_rest_shop_order_invalid_id', 'Invalid ID.'));
    const gone = await integration()
      .pushFulfillment(context(), fulfilment())
      .catch((error: unknown) => error);
    expect(gone).toBeInstanceOf(ChannelError);
    expect((gone as ChannelError).kind).toBe('not_found');
    store()
      .get(ORDER)
      .reply(...json({ ...paid, status: 'cancelled' }));
    await expect(integration().pushFulfillment(context(), fulfilment())).rejects.toThrow(
      'order 1001 is cancelled: the hub does not fulfil it',
    );
  });

  it('says so when a plugin keeps the order from completing', async () => {
    store()
      .get(ORDER)
      .reply(...json(paid))
      .put(ORDER, { status: 'completed' })
      .reply(...json(paid));
    await expect(integration().pushFulfillment(context(), fulfilment({ tracking: null }))).rejects.toThrow(
      'did not become completed',
    );
  });
});

describe('cancelOrder', () => {
  const onHold = fixtureObject('orders/on-hold.json');
  const cancelled = fixtureObject('orders/cancelled.json');
  const path = `${API}/orders/1006`;
  const push: CancelPush = {
    orderExternalId: '1006',
    reason: 'Customer asked to cancel',
    notifyCustomer: false,
    restock: true,
    idempotencyKey: 'cancel_1',
  };

  it('writes nothing when the order is already cancelled', async () => {
    store()
      .get(path)
      .reply(...json(cancelled));
    await expect(integration().cancelOrder(context(), push)).resolves.toMatchObject({
      outcome: 'already_applied',
      channelRef: null,
    });
  });

  it('notes the reason and cancels', async () => {
    store()
      .get(path)
      .reply(...json(onHold))
      .get(`${path}/notes`)
      .reply(...json([]))
      .post(`${path}/notes`, { note: 'Cancelled: Customer asked to cancel', customer_note: false })
      .reply(201, JSON.stringify(note(400, 'Cancelled: Customer asked to cancel', false)), {
        'content-type': 'application/json',
      })
      .put(path, { status: 'cancelled' })
      .reply(...json(cancelled))
      .get(path)
      .reply(...json(cancelled));
    await expect(integration().cancelOrder(context(), push)).resolves.toMatchObject({
      outcome: 'applied',
      channelRef: '400',
      order: { externalId: '1006', updatedAt: '2026-03-03T12:00:00Z' },
    });
  });

  it('refuses to cancel a completed order', async () => {
    store()
      .get(ORDER)
      .reply(...json(completed));
    await expect(integration().cancelOrder(context(), { ...push, orderExternalId: '1001' })).rejects.toThrow(
      'is completed (shipped)',
    );
  });
});
