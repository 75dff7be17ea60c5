import { ChannelError } from '../../../src/core/errors';
import type { CatalogEntry, FulfillmentPush, InventoryTarget } from '../../../src/core/integration';
import type { JsonObject } from '../../../src/core/json';
import { orderNode, page } from './helpers/order-nodes';
import { answer, setUpNock, ShopifyApiMock, shopifyContext, testIntegration } from './helpers/shopify-api';

const ORDER = 'gid://shopify/Order/7001';

function foLine(id: number, lineItem: number, remaining: number, total = remaining): JsonObject {
  return {
    id: `gid://shopify/FulfillmentOrderLineItem/${id}`,
    remainingQuantity: remaining,
    totalQuantity: total,
    lineItem: { id: `gid://shopify/LineItem/${lineItem}` },
  };
}

function fulfillmentOrder(
  id: number,
  status: string,
  location: number,
  lines: JsonObject[],
  next: string | null = null,
): JsonObject {
  return {
    id: `gid://shopify/FulfillmentOrder/${id}`,
    status,
    assignedLocation: { location: { id: `gid://shopify/Location/${location}` } },
    lineItems: page(lines, next, next !== null),
  };
}

function fulfillmentOrders(api: ShopifyApiMock, orders: JsonObject[]): void {
  api
    .on('OrderFulfillmentOrders', (v) => v.id === ORDER)
    .reply(
      200,
      answer({
        order: {
          id: ORDER,
          displayFulfillmentStatus: 'PARTIALLY_FULFILLED',
          fulfillmentOrders: { nodes: orders },
        },
      }),
    );
}

function readBack(api: ShopifyApiMock, overrides: JsonObject = {}): void {
  api.on('OrderById', (v) => v.id === ORDER).reply(200, answer({ order: orderNode(7001, 3, overrides) }));
}

function created(id: number) {
  return answer({
    fulfillmentCreate: {
      fulfillment: { id: `gid://shopify/Fulfillment/${id}`, status: 'SUCCESS' },
      userErrors: [],
    },
  });
}

const push = (
  lineItems: FulfillmentPush['lineItems'],
  extra: Partial<FulfillmentPush> = {},
): FulfillmentPush => ({
  orderExternalId: '7001',
  lineItems,
  tracking: {
    company: 'UPS',
    number: '1Z999AA10123456784',
    url: 'https://www.ups.com/track?tracknum=1Z999AA10123456784',
  },
  notifyCustomer: true,
  idempotencyKey: 'push-1',
  ...extra,
});

describe('Shopify fulfilment push', () => {
  setUpNock();

  it('fulfils the asked lines on their fulfillment order, with tracking, and reads the order back', async () => {
    const api = new ShopifyApiMock();
    fulfillmentOrders(api, [
      fulfillmentOrder(1, 'OPEN', 10, [foLine(11, 101, 2, 3), foLine(12, 102, 1)]),
      fulfillmentOrder(2, 'CLOSED', 10, [foLine(21, 103, 0, 1)]),
    ]);
    api.on('FulfillmentCreate').reply(200, created(555));
    readBack(api, { displayFulfillmentStatus: 'PARTIALLY_FULFILLED' });
    const { integration } = testIntegration();
    const result = await integration.pushFulfillment(
      shopifyContext(),
      push([{ lineItemExternalId: '101', quantity: 1 }]),
    );
    expect(api.variablesOf('FulfillmentCreate')).toEqual([
      {
        fulfillment: {
          lineItemsByFulfillmentOrder: [
            {
              fulfillmentOrderId: 'gid://shopify/FulfillmentOrder/1',
              fulfillmentOrderLineItems: [{ id: 'gid://shopify/FulfillmentOrderLineItem/11', quantity: 1 }],
            },
          ],
          notifyCustomer: true,
          trackingInfo: {
            company: 'UPS',
            number: '1Z999AA10123456784',
            url: 'https://www.ups.com/track?tracknum=1Z999AA10123456784',
          },
        },
      },
    ]);
    expect(result.outcome).toBe('applied');
    expect(result.channelRef).toBe('555');
    expect(result.order?.externalId).toBe('7001');
    expect(api.operations()).toEqual(['OrderFulfillmentOrders', 'FulfillmentCreate', 'OrderById']);
  });

  it('without lines fulfils everything that remains, one fulfilment per location, paging long fulfillment orders', async () => {
    const api = new ShopifyApiMock();
    fulfillmentOrders(api, [
      fulfillmentOrder(1, 'OPEN', 10, [foLine(11, 101, 2, 3)], 'fo1-page1'),
      fulfillmentOrder(3, 'IN_PROGRESS', 20, [foLine(31, 104, 4)]),
      fulfillmentOrder(4, 'ON_HOLD', 20, [foLine(41, 105, 1)]),
    ]);
    api
      .on(
        'FulfillmentOrderLineItemsPage',
        (v) => v.id === 'gid://shopify/FulfillmentOrder/1' && v.after === 'fo1-page1',
      )
      .reply(200, answer({ node: { lineItems: page([foLine(12, 102, 1)], null, false) } }));
    api
      .on('FulfillmentCreate', (v) => JSON.stringify(v).includes('FulfillmentOrder/1"'))
      .reply(200, created(555));
    api
      .on('FulfillmentCreate', (v) => JSON.stringify(v).includes('FulfillmentOrder/3"'))
      .reply(200, created(556));
    readBack(api);
    const { integration } = testIntegration();
    const result = await integration.pushFulfillment(
      shopifyContext(),
      push(null, { tracking: null, notifyCustomer: false }),
    );
    const sent = api.variablesOf('FulfillmentCreate').map((v) => v.fulfillment);
    expect(sent).toEqual([
      {
        lineItemsByFulfillmentOrder: [
          {
            fulfillmentOrderId: 'gid://shopify/FulfillmentOrder/1',
            fulfillmentOrderLineItems: [
              { id: 'gid://shopify/FulfillmentOrderLineItem/11', quantity: 2 },
              { id: 'gid://shopify/FulfillmentOrderLineItem/12', quantity: 1 },
            ],
          },
        ],
        notifyCustomer: false,
      },
      {
        lineItemsByFulfillmentOrder: [
          {
            fulfillmentOrderId: 'gid://shopify/FulfillmentOrder/3',
            fulfillmentOrderLineItems: [{ id: 'gid://shopify/FulfillmentOrderLineItem/31', quantity: 4 }],
          },
        ],
        notifyCustomer: false,
      },
    ]);
    expect(result).toMatchObject({ outcome: 'applied', channelRef: '555,556' });
  });

  it('never asks for more than remains (a retried push after a partial success)', async () => {
    const api = new ShopifyApiMock();
    fulfillmentOrders(api, [fulfillmentOrder(1, 'OPEN', 10, [foLine(11, 101, 2, 3)])]);
    api.on('FulfillmentCreate').reply(200, created(557));
    readBack(api);
    const { integration } = testIntegration();
    await integration.pushFulfillment(shopifyContext(), push([{ lineItemExternalId: '101', quantity: 3 }]));
    expect(JSON.stringify(api.variablesOf('FulfillmentCreate'))).toContain('"quantity":2');
  });

  it('an order already fully fulfilled is already_applied, and nothing is written', async () => {
    const api = new ShopifyApiMock();
    fulfillmentOrders(api, [
      fulfillmentOrder(2, 'CLOSED', 10, [foLine(21, 101, 0, 3), foLine(22, 102, 0, 1)]),
    ]);
    readBack(api, { displayFulfillmentStatus: 'FULFILLED' });
    const { integration } = testIntegration();
    const result = await integration.pushFulfillment(
      shopifyContext(),
      push([{ lineItemExternalId: '101', quantity: 3 }]),
    );
    expect(result).toMatchObject({ outcome: 'already_applied', channelRef: null });
    expect(result.order?.externalId).toBe('7001');
    expect(api.operations()).toEqual(['OrderFulfillmentOrders', 'OrderById']);
  });

  it('Shopify saying the lines are already fulfilled (a race) is already_applied after reading back', async () => {
    const api = new ShopifyApiMock();
    fulfillmentOrders(api, [fulfillmentOrder(1, 'OPEN', 10, [foLine(11, 101, 1)])]);
    api.on('FulfillmentCreate').reply(
      200,
      answer({
        fulfillmentCreate: {
          fulfillment: null,
          userErrors: [
            {
              field: ['fulfillment'],
              message:
                'Fulfillment order gid://shopify/FulfillmentOrder/1 has an unfulfillable status= closed.',
            },
          ],
        },
      }),
    );
    // Read again: the line shows nothing left, so it was indeed fulfilled meanwhile.
    fulfillmentOrders(api, [fulfillmentOrder(1, 'CLOSED', 10, [foLine(11, 101, 0, 1)])]);
    readBack(api);
    const { integration } = testIntegration();
    const result = await integration.pushFulfillment(shopifyContext(), push(null));
    expect(result).toMatchObject({ outcome: 'already_applied', channelRef: null });
    expect(api.operations()).toEqual([
      'OrderFulfillmentOrders',
      'FulfillmentCreate',
      'OrderFulfillmentOrders',
      'OrderById',
    ]);
  });

  it('any other refusal, and a line that is not on the order, are rejected', async () => {
    const api = new ShopifyApiMock();
    fulfillmentOrders(api, [fulfillmentOrder(1, 'OPEN', 10, [foLine(11, 101, 1)])]);
    fulfillmentOrders(api, [fulfillmentOrder(1, 'OPEN', 10, [foLine(11, 101, 1)])]);
    api.on('FulfillmentCreate').reply(
      200,
      answer({
        fulfillmentCreate: {
          fulfillment: null,
          userErrors: [{ field: ['fulfillment', 'trackingInfo', 'url'], message: 'Url is invalid' }],
        },
      }),
    );
    const { integration } = testIntegration();
    const refused = await integration.pushFulfillment(shopifyContext(), push(null)).catch((e: unknown) => e);
    expect((refused as ChannelError).kind).toBe('rejected');
    expect((refused as ChannelError).message).toMatch(/Url is invalid/);
    const unknown = await integration
      .pushFulfillment(shopifyContext(), push([{ lineItemExternalId: '999', quantity: 1 }]))
      .catch((e: unknown) => e);
    expect((unknown as ChannelError).message).toMatch(/line item 999 is not on Shopify order 7001/);
  });

  it('an order Shopify does not have is not_found', async () => {
    const api = new ShopifyApiMock();
    api.on('OrderFulfillmentOrders').reply(200, answer({ order: null }));
    const { integration } = testIntegration();
    const error = await integration.pushFulfillment(shopifyContext(), push(null)).catch((e: unknown) => e);
    expect((error as ChannelError).kind).toBe('not_found');
  });
});

describe('Shopify cancel push', () => {
  setUpNock();
  const cancel = {
    orderExternalId: '7001',
    reason: 'customer changed their mind',
    notifyCustomer: false,
    restock: true,
    idempotencyKey: 'c-1',
  };

  it('cancels without refunding, waits for the job, reads the order back', async () => {
    const api = new ShopifyApiMock();
    api.on('OrderCancelState').reply(200, answer({ order: { id: ORDER, cancelledAt: null } }));
    api.on('OrderCancel').reply(
      200,
      answer({
        orderCancel: { job: { id: 'gid://shopify/Job/abc', done: false }, orderCancelUserErrors: [] },
      }),
    );
    api
      .on('JobStatus', (v) => v.id === 'gid://shopify/Job/abc')
      .reply(200, answer({ job: { id: 'gid://shopify/Job/abc', done: true } }));
    readBack(api, { cancelledAt: '2025-01-02T00:00:00Z', cancelReason: 'CUSTOMER' });
    const { integration, sleeps } = testIntegration({ pollIntervalMs: 5 });
    const result = await integration.cancelOrder(shopifyContext(), cancel);
    expect(api.variablesOf('OrderCancel')).toEqual([
      {
        orderId: ORDER,
        reason: 'CUSTOMER',
        restock: true,
        notifyCustomer: false,
        staffNote: 'Cancelled through Channel Hub: customer changed their mind',
      },
    ]);
    expect(api.requests.find((r) => r.query.includes('orderCancel('))!.query).toMatch(/refund: false/);
    expect(sleeps).toEqual([5]);
    expect(result.outcome).toBe('applied');
    expect(integration.mapOrder(result.order!.payload)).toMatchObject({
      status: 'cancelled',
      cancelReason: 'customer',
    });
  });

  it('an order already cancelled is already_applied, and nothing is written', async () => {
    const api = new ShopifyApiMock();
    api
      .on('OrderCancelState')
      .reply(200, answer({ order: { id: ORDER, cancelledAt: '2025-01-02T00:00:00Z' } }));
    readBack(api, { cancelledAt: '2025-01-02T00:00:00Z' });
    const { integration } = testIntegration();
    const result = await integration.cancelOrder(shopifyContext(), cancel);
    expect(result.outcome).toBe('already_applied');
    expect(api.operations()).toEqual(['OrderCancelState', 'OrderById']);
  });

  it('a refusal is rejected unless the order turns out cancelled', async () => {
    const api = new ShopifyApiMock();
    const refusal = answer({
      orderCancel: {
        job: null,
        orderCancelUserErrors: [
          { field: ['orderId'], message: 'Order has already been cancelled', code: 'INVALID' },
        ],
      },
    });
    api.on('OrderCancelState').reply(200, answer({ order: { id: ORDER, cancelledAt: null } }));
    api.on('OrderCancel').reply(200, refusal);
    api
      .on('OrderCancelState')
      .reply(200, answer({ order: { id: ORDER, cancelledAt: '2025-01-02T00:00:00Z' } }));
    readBack(api);
    api.on('OrderCancelState').reply(200, answer({ order: { id: ORDER, cancelledAt: null } }));
    api.on('OrderCancel').reply(
      200,
      answer({
        orderCancel: {
          job: null,
          orderCancelUserErrors: [
            { field: ['orderId'], message: 'Order has an active return', code: 'INVALID' },
          ],
        },
      }),
    );
    api.on('OrderCancelState').reply(200, answer({ order: { id: ORDER, cancelledAt: null } }));
    const { integration } = testIntegration();
    await expect(integration.cancelOrder(shopifyContext(), cancel)).resolves.toMatchObject({
      outcome: 'already_applied',
    });
    const error = await integration.cancelOrder(shopifyContext(), cancel).catch((e: unknown) => e);
    expect((error as ChannelError).kind).toBe('rejected');
    expect((error as ChannelError).message).toMatch(/active return/);
  });
});

describe('Shopify inventory push and catalog', () => {
  setUpNock();

  const entry = (sku: string, item: string | null, managesStock = true): CatalogEntry => ({
    sku,
    productExternalId: '1',
    variantExternalId: '2',
    inventoryItemExternalId: item,
    locationExternalIds: ['9'],
    managesStock,
    available: null,
  });
  const level = (item: string, available: number | null) => ({
    id: `gid://shopify/InventoryItem/${item}`,
    tracked: true,
    inventoryLevel: available === null ? null : { quantities: [{ name: 'available', quantity: available }] },
  });

  it('reads current levels first, skips equal ones, then sets the rest with compare-and-swap', async () => {
    const api = new ShopifyApiMock();
    api
      .on('InventoryLevels', (v) => v.locationId === 'gid://shopify/Location/9')
      .reply(200, answer({ nodes: [level('1', 4), level('2', 5), level('4', null)] }));
    api.on('PrimaryLocation').reply(200, answer({ location: { id: 'gid://shopify/Location/1' } }));
    api
      .on('InventoryLevels', (v) => v.locationId === 'gid://shopify/Location/1')
      .reply(200, answer({ nodes: [level('3', 0)] }));
    api.on('InventorySetQuantities').reply(
      200,
      answer({
        inventorySetQuantities: {
          inventoryAdjustmentGroup: { reason: 'correction', changes: [] },
          userErrors: [],
        },
      }),
    );
    const targets: InventoryTarget[] = [
      { entry: entry('A', '1'), available: 7, locationExternalId: '9' },
      { entry: entry('B', '2'), available: 5, locationExternalId: '9' },
      { entry: entry('C', null), available: 1, locationExternalId: '9' },
      { entry: entry('D', '5', false), available: 1, locationExternalId: '9' },
      { entry: entry('E', '3'), available: 2, locationExternalId: null },
      { entry: entry('F', '4'), available: 2, locationExternalId: '9' },
    ];
    const { integration } = testIntegration();
    const results = await integration.setInventory(shopifyContext(), targets);
    expect(results.map((r) => [r.sku, r.outcome, r.previous, r.current])).toEqual([
      ['A', 'applied', 4, 7],
      ['B', 'already_applied', 5, 5],
      ['C', 'skipped', null, null],
      ['D', 'skipped', null, null],
      ['E', 'applied', 0, 2],
      ['F', 'failed', null, null],
    ]);
    expect(results[5]!.reason).toMatch(/not stocked at location 9/);
    expect(api.variablesOf('InventorySetQuantities')).toEqual([
      {
        input: {
          name: 'available',
          reason: 'correction',
          quantities: [
            {
              inventoryItemId: 'gid://shopify/InventoryItem/1',
              locationId: 'gid://shopify/Location/9',
              quantity: 7,
              changeFromQuantity: 4,
            },
            {
              inventoryItemId: 'gid://shopify/InventoryItem/3',
              locationId: 'gid://shopify/Location/1',
              quantity: 2,
              changeFromQuantity: 0,
            },
          ],
        },
      },
    ]);
  });

  it('writes at most 250 quantities per call', async () => {
    const api = new ShopifyApiMock();
    const targets = Array.from({ length: 300 }, (_, i) => ({
      entry: entry(`S${i}`, String(i + 1)),
      available: 1,
      locationExternalId: '9',
    }));
    for (let start = 0; start < 300; start += 100) {
      api
        .on(
          'InventoryLevels',
          (v) => Array.isArray(v.ids) && v.ids[0] === `gid://shopify/InventoryItem/${start + 1}`,
        )
        .reply(
          200,
          answer({ nodes: Array.from({ length: 100 }, (_, i) => level(String(start + i + 1), 0)) }),
        );
    }
    api
      .on('InventorySetQuantities')
      .times(2)
      .reply(200, answer({ inventorySetQuantities: { inventoryAdjustmentGroup: null, userErrors: [] } }));
    const { integration } = testIntegration();
    const results = await integration.setInventory(shopifyContext(), targets);
    expect(results.every((r) => r.outcome === 'applied')).toBe(true);
    expect(
      api
        .variablesOf('InventorySetQuantities')
        .map((v) => (v.input as { quantities: unknown[] }).quantities.length),
    ).toEqual([250, 50]);
  });

  it('a refused batch fails every target in it, naming the one Shopify objected to', async () => {
    const api = new ShopifyApiMock();
    api.on('InventoryLevels').reply(200, answer({ nodes: [level('1', 4), level('2', 9)] }));
    api.on('InventorySetQuantities').reply(
      200,
      answer({
        inventorySetQuantities: {
          inventoryAdjustmentGroup: null,
          userErrors: [
            {
              field: ['input', 'quantities', '1', 'changeFromQuantity'],
              message: 'The specified compare quantity does not match the current quantity.',
              code: 'CHANGE_FROM_QUANTITY_STALE',
            },
          ],
        },
      }),
    );
    const { integration } = testIntegration();
    const results = await integration.setInventory(shopifyContext(), [
      { entry: entry('A', '1'), available: 7, locationExternalId: '9' },
      { entry: entry('B', '2'), available: 1, locationExternalId: '9' },
    ]);
    expect(results.map((r) => r.outcome)).toEqual(['failed', 'failed']);
    expect(results[0]!.reason).toMatch(/not applied: Shopify refused the batch/);
    expect(results[1]!.reason).toMatch(/CHANGE_FROM_QUANTITY_STALE/);
  });

  it('lists the catalog: SKU, variant, inventory item, locations; variants without SKU are left out', async () => {
    const api = new ShopifyApiMock();
    api
      .on('CatalogPage', (v) => v.after === null)
      .reply(
        200,
        answer({
          productVariants: {
            pageInfo: { hasNextPage: true, endCursor: 'v-25' },
            nodes: [
              {
                id: 'gid://shopify/ProductVariant/39072856',
                sku: 'IPOD2008GREEN',
                inventoryQuantity: 12,
                product: { id: 'gid://shopify/Product/632910392' },
                inventoryItem: {
                  id: 'gid://shopify/InventoryItem/39072856',
                  tracked: true,
                  inventoryLevels: { nodes: [{ location: { id: 'gid://shopify/Location/487838322' } }] },
                },
              },
              {
                id: 'gid://shopify/ProductVariant/1',
                sku: '',
                inventoryQuantity: 0,
                product: { id: 'gid://shopify/Product/2' },
                inventoryItem: null,
              },
            ],
          },
        }),
      );
    const { integration } = testIntegration();
    const catalog = await integration.listCatalog(shopifyContext(), null);
    expect(catalog).toEqual({
      entries: [
        {
          sku: 'IPOD2008GREEN',
          productExternalId: '632910392',
          variantExternalId: '39072856',
          inventoryItemExternalId: '39072856',
          locationExternalIds: ['487838322'],
          managesStock: true,
          available: 12,
        },
      ],
      nextCursor: 'v-25',
    });
  });
});
