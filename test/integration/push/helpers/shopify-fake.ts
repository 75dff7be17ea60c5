import type { JsonObject, JsonValue } from '../../../../src/core/json';
import { nock } from '../../../unit/shopify/helpers/nock';
import { lineItem, money, orderNode, page } from '../../../unit/shopify/helpers/order-nodes';
import { answer, GRAPHQL_PATH, operationName } from '../../../unit/shopify/helpers/shopify-api';

/**
 * A Shopify store behind nock, with state: orders with their fulfillment orders and fulfilments,
 * cancellations, a catalog with inventory levels. It answers the connector's GraphQL operations the
 * way the Admin API does (userErrors, compare-and-swap on stock), counts every mutation, and can
 * misbehave on cue. (The sandbox Shopify store validates against 2025-01 and refuses fields the
 * connector's pinned version needs.)
 */

export interface FakeLine {
  id: number;
  sku: string;
  quantity: number;
}

interface FulfillmentOrderLine {
  id: number;
  lineItemId: number;
  total: number;
  remaining: number;
}

interface FulfillmentOrder {
  id: number;
  locationId: number;
  status: 'OPEN' | 'IN_PROGRESS' | 'CLOSED';
  lines: FulfillmentOrderLine[];
}

export interface FakeFulfillment {
  id: number;
  createdAt: string;
  tracking: { company?: string; number?: string; url?: string } | null;
  lines: { lineItemId: number; quantity: number }[];
}

export interface FakeOrder {
  number: number;
  lines: FakeLine[];
  fulfillmentOrders: FulfillmentOrder[];
  fulfillments: FakeFulfillment[];
  cancelledAt: string | null;
  cancelReason: string | null;
  updatedAt: string;
}

export interface FakeVariant {
  sku: string;
  productId: number;
  variantId: number;
  inventoryItemId: number;
  tracked: boolean;
  /** Available per location id. */
  levels: Map<number, number>;
}

/**
 * - `throttle`: HTTP 429 with Retry-After, nothing done;
 * - `network-after`: the operation is done, then the connection fails before the answer;
 * - `network-before`: the connection fails, nothing done;
 * - `server-error`: HTTP 500, nothing done;
 * - `before`: runs `hook` first (another actor changing the store), then answers normally.
 */
export type FakeFault =
  | { kind: 'throttle'; retryAfterSeconds: number }
  | { kind: 'network-after' }
  | { kind: 'network-before' }
  | { kind: 'server-error' }
  | { kind: 'before'; hook: () => void };

export interface LoggedOperation {
  operation: string;
  variables: Record<string, JsonValue>;
  at: number;
  outcome: 'answered' | 'throttled' | 'network-after' | 'network-before' | 'server-error';
}

interface GraphqlBody {
  query: string;
  variables?: Record<string, JsonValue>;
}

const gid = (type: string, id: number) => `gid://shopify/${type}/${id}`;
const idOf = (value: JsonValue | undefined) => Number(String(value).split('/').pop());

export class FakeShopifyStore {
  readonly orders = new Map<number, FakeOrder>();
  readonly variants: FakeVariant[] = [];
  readonly log: LoggedOperation[] = [];
  readonly primaryLocationId = 9001;
  private readonly faults: { operation: string; fault: FakeFault; left: number }[] = [];
  private readonly bodies: GraphqlBody[] = [];
  private nextId = 1;

  constructor(readonly origin: string) {}

  /** Starts intercepting the store's GraphQL endpoint (until `nock.cleanAll()`). */
  listen(): this {
    nock(this.origin)
      .persist()
      .post(GRAPHQL_PATH, (body: GraphqlBody) => {
        // A request due to fail on the network is left to the interceptor `fault` added for it.
        if (this.networkFaultFor(operationName(body.query))) return false;
        this.bodies.push(body);
        return true;
      })
      .reply(async () => this.handle(this.bodies.shift()!));
    return this;
  }

  private networkFaultFor(operation: string | null) {
    return this.faults.find(
      (f) => f.left > 0 && f.operation === operation && f.fault.kind.startsWith('network'),
    );
  }

  /** An unfulfilled, paid order: its lines in one fulfillment order at the primary location. */
  addOrder(quantities: number[]): FakeOrder {
    const number = 7000 + this.nextId++;
    const lines = quantities.map((quantity, i) => ({
      id: number * 1000 + i + 1,
      sku: `SKU-${i + 1}`,
      quantity,
    }));
    const order: FakeOrder = {
      number,
      lines,
      fulfillmentOrders: [
        {
          id: number * 10 + 1,
          locationId: this.primaryLocationId,
          status: 'OPEN',
          lines: lines.map((l, i) => ({
            id: number * 100 + i + 1,
            lineItemId: l.id,
            total: l.quantity,
            remaining: l.quantity,
          })),
        },
      ],
      fulfillments: [],
      cancelledAt: null,
      cancelReason: null,
      updatedAt: '2025-03-01T10:00:00.000Z',
    };
    this.orders.set(number, order);
    return order;
  }

  addVariant(sku: string, available: number, tracked = true): FakeVariant {
    const n = this.nextId++;
    const variant = {
      sku,
      productId: 100 + n,
      variantId: 200 + n,
      inventoryItemId: 300 + n,
      tracked,
      levels: new Map([[this.primaryLocationId, available]]),
    };
    this.variants.push(variant);
    return variant;
  }

  fault(operation: string, fault: FakeFault, times = 1): void {
    this.faults.push({ operation, fault, left: times });
    if (!fault.kind.startsWith('network')) return;
    // nock cannot fail a fetch from a reply function (it hangs): a failing interceptor of its own.
    nock(this.origin)
      .post(GRAPHQL_PATH, (body: GraphqlBody) => {
        const entry = this.networkFaultFor(operationName(body.query));
        if (!entry) return false;
        entry.left -= 1;
        const variables = body.variables ?? {};
        if (entry.fault.kind === 'network-after') this.execute(entry.operation, variables);
        this.log.push({
          operation: entry.operation,
          variables,
          at: Date.now(),
          outcome: entry.fault.kind as 'network-after',
        });
        return true;
      })
      .times(times)
      .replyWithError('socket hang up');
  }

  operations(name?: string): LoggedOperation[] {
    return this.log.filter((entry) => name === undefined || entry.operation === name);
  }

  /** Fulfils everything that remains, as a person would in the Shopify admin. */
  fulfilEverything(order: FakeOrder): void {
    const lines = order.fulfillmentOrders.flatMap((fo) =>
      fo.lines.filter((l) => l.remaining > 0).map((l) => ({ fo, line: l, quantity: l.remaining })),
    );
    this.recordFulfillment(order, lines, null);
  }

  private handle(body: GraphqlBody): [number, JsonValue, Record<string, string>?] {
    const operation = operationName(body.query) ?? 'anonymous';
    const variables = body.variables ?? {};
    const entry = this.faults.find(
      (f) => f.left > 0 && f.operation === operation && !f.fault.kind.startsWith('network'),
    );
    if (entry) entry.left -= 1;
    const fault = entry?.fault;
    const logged = (outcome: LoggedOperation['outcome']) =>
      this.log.push({ operation, variables, at: Date.now(), outcome });
    if (fault?.kind === 'throttle') {
      logged('throttled');
      return [
        429,
        {
          errors:
            'Exceeded 2 calls per second for api client. Reduce request rates to resume uninterrupted service.',
        },
        {
          'retry-after': String(fault.retryAfterSeconds),
        },
      ];
    }
    if (fault?.kind === 'server-error') {
      logged('server-error');
      return [500, { errors: 'Internal Server Error' }];
    }
    if (fault?.kind === 'before') fault.hook();
    let data: JsonObject;
    try {
      data = this.execute(operation, variables);
    } catch (error) {
      // (A reply function that throws leaves nock's fetch hanging: answer as GraphQL does.)
      logged('answered');
      return [200, { errors: [{ message: (error as Error).message }] }];
    }
    logged('answered');
    return [200, answer(data)];
  }

  private execute(operation: string, v: Record<string, JsonValue>): JsonObject {
    switch (operation) {
      case 'OrderFulfillmentOrders': {
        const order = this.orders.get(idOf(v.id));
        return { order: order ? this.fulfillmentOrdersNode(order) : null };
      }
      case 'OrderRecentFulfillments': {
        const order = this.orders.get(idOf(v.id));
        return { order: order ? this.recentFulfillmentsNode(order) : null };
      }
      case 'FulfillmentCreate':
        return { fulfillmentCreate: this.fulfillmentCreate(v.fulfillment as JsonObject) };
      case 'OrderById': {
        const order = this.orders.get(idOf(v.id));
        return { order: order ? this.orderNode(order) : null };
      }
      case 'OrderCancelState': {
        const order = this.orders.get(idOf(v.id));
        return { order: order ? { id: gid('Order', order.number), cancelledAt: order.cancelledAt } : null };
      }
      case 'OrderCancel':
        return { orderCancel: this.orderCancel(v) };
      case 'JobStatus':
        return { job: { id: String(v.id), done: true } };
      case 'PrimaryLocation':
        return { location: { id: gid('Location', this.primaryLocationId) } };
      case 'CatalogPage':
        return { productVariants: this.catalogPage(v.after as string | null) };
      case 'InventoryLevels':
        return { nodes: this.inventoryLevels(v.ids as string[], idOf(v.locationId)) };
      case 'InventorySetQuantities':
        return { inventorySetQuantities: this.setQuantities(v.input as JsonObject) };
      default:
        throw new Error(`the fake Shopify store does not know ${operation}`);
    }
  }

  private fulfillmentOrdersNode(order: FakeOrder): JsonObject {
    return {
      id: gid('Order', order.number),
      displayFulfillmentStatus: this.fulfillmentStatus(order),
      fulfillmentOrders: {
        nodes: order.fulfillmentOrders.map((fo) => ({
          id: gid('FulfillmentOrder', fo.id),
          status: fo.status,
          assignedLocation: { location: { id: gid('Location', fo.locationId) } },
          lineItems: page(
            fo.lines.map((line) => ({
              id: gid('FulfillmentOrderLineItem', line.id),
              remainingQuantity: line.remaining,
              totalQuantity: line.total,
              lineItem: { id: gid('LineItem', line.lineItemId) },
            })),
            null,
            false,
          ),
        })),
      },
    };
  }

  private recentFulfillmentsNode(order: FakeOrder): JsonObject {
    return {
      id: gid('Order', order.number),
      fulfillmentOrders: {
        nodes: order.fulfillmentOrders.map((fo) => ({
          id: gid('FulfillmentOrder', fo.id),
          fulfillments: {
            nodes: order.fulfillments
              .filter((f) => f.lines.some((l) => fo.lines.some((line) => line.lineItemId === l.lineItemId)))
              .reverse()
              .slice(0, 2)
              .map((f) => ({
                id: gid('Fulfillment', f.id),
                status: 'SUCCESS',
                createdAt: f.createdAt,
                trackingInfo: f.tracking?.number ? [{ number: f.tracking.number }] : [],
                fulfillmentLineItems: {
                  nodes: f.lines.map((l) => ({
                    lineItem: { id: gid('LineItem', l.lineItemId) },
                    quantity: l.quantity,
                  })),
                },
              })),
          },
        })),
      },
    };
  }

  private fulfillmentCreate(input: JsonObject): JsonObject {
    const groups = (input.lineItemsByFulfillmentOrder ?? []) as JsonObject[];
    const wanted: { fo: FulfillmentOrder; line: FulfillmentOrderLine; quantity: number }[] = [];
    let order: FakeOrder | undefined;
    for (const group of groups) {
      const foId = idOf(group.fulfillmentOrderId);
      order = [...this.orders.values()].find((o) => o.fulfillmentOrders.some((fo) => fo.id === foId));
      const fo = order?.fulfillmentOrders.find((f) => f.id === foId);
      if (!order || !fo) return refused(['fulfillment'], 'Fulfillment order does not exist.');
      if (fo.status === 'CLOSED' || order.cancelledAt !== null) {
        return refused(
          ['fulfillment'],
          `Fulfillment order ${gid('FulfillmentOrder', fo.id)} has an unfulfillable status= closed.`,
        );
      }
      for (const item of (group.fulfillmentOrderLineItems ?? []) as JsonObject[]) {
        const line = fo.lines.find((l) => l.id === idOf(item.id));
        const quantity = Number(item.quantity);
        if (!line || quantity > line.remaining) {
          return refused(['fulfillment'], 'Invalid fulfillment order line item quantity requested.');
        }
        wanted.push({ fo, line, quantity });
      }
    }
    if (!order) return refused(['fulfillment'], 'No fulfillment order given.');
    const tracking = (input.trackingInfo ?? null) as FakeFulfillment['tracking'];
    const fulfillment = this.recordFulfillment(order, wanted, tracking);
    return { fulfillment: { id: gid('Fulfillment', fulfillment.id), status: 'SUCCESS' }, userErrors: [] };
  }

  private recordFulfillment(
    order: FakeOrder,
    lines: { fo: FulfillmentOrder; line: FulfillmentOrderLine; quantity: number }[],
    tracking: FakeFulfillment['tracking'],
  ): FakeFulfillment {
    for (const { line, quantity } of lines) line.remaining -= quantity;
    for (const fo of order.fulfillmentOrders) {
      const left = fo.lines.reduce((sum, l) => sum + l.remaining, 0);
      fo.status =
        left === 0 ? 'CLOSED' : fo.lines.some((l) => l.remaining < l.total) ? 'IN_PROGRESS' : 'OPEN';
    }
    const fulfillment = {
      id: 5000 + this.nextId++,
      createdAt: new Date().toISOString(),
      tracking,
      lines: lines.map(({ line, quantity }) => ({ lineItemId: line.lineItemId, quantity })),
    };
    order.fulfillments.push(fulfillment);
    this.touch(order);
    return fulfillment;
  }

  private orderCancel(v: Record<string, JsonValue>): JsonObject {
    const order = this.orders.get(idOf(v.orderId));
    if (!order)
      return {
        job: null,
        orderCancelUserErrors: [{ field: ['orderId'], message: 'Order does not exist', code: 'NOT_FOUND' }],
      };
    if (order.cancelledAt !== null) {
      return {
        job: null,
        orderCancelUserErrors: [
          { field: ['orderId'], message: 'Order has already been cancelled', code: 'INVALID' },
        ],
      };
    }
    order.cancelledAt = new Date().toISOString();
    order.cancelReason = String(v.reason);
    for (const fo of order.fulfillmentOrders) fo.status = 'CLOSED';
    this.touch(order);
    return { job: { id: `gid://shopify/Job/${this.nextId++}`, done: false }, orderCancelUserErrors: [] };
  }

  private touch(order: FakeOrder): void {
    const now = Date.now();
    order.updatedAt = new Date(Math.max(now, Date.parse(order.updatedAt) + 1)).toISOString();
  }

  private fulfillmentStatus(order: FakeOrder): string {
    const lines = order.fulfillmentOrders.flatMap((fo) => fo.lines);
    const left = lines.reduce((sum, l) => sum + l.remaining, 0);
    const total = lines.reduce((sum, l) => sum + l.total, 0);
    return left === 0 ? 'FULFILLED' : left < total ? 'PARTIALLY_FULFILLED' : 'UNFULFILLED';
  }

  private orderNode(order: FakeOrder): JsonObject {
    const units = order.lines.reduce((sum, l) => sum + l.quantity, 0);
    const lines = order.lines.map((l, i) => ({
      ...lineItem(order.number, i + 1),
      id: gid('LineItem', l.id),
      sku: l.sku,
      quantity: l.quantity,
    }));
    return orderNode(order.number, order.lines.length, {
      updatedAt: order.updatedAt,
      cancelledAt: order.cancelledAt,
      cancelReason: order.cancelReason,
      displayFulfillmentStatus: this.fulfillmentStatus(order),
      totalPriceSet: money(`${units}.00`),
      lineItems: page(lines, null, false),
      fulfillments: order.fulfillments.map((f) => ({
        id: gid('Fulfillment', f.id),
        status: 'SUCCESS',
        createdAt: f.createdAt,
        trackingInfo: f.tracking ? [{ company: null, number: null, url: null, ...f.tracking }] : [],
        fulfillmentLineItems: page(
          f.lines.map((l) => ({ lineItem: { id: gid('LineItem', l.lineItemId) }, quantity: l.quantity })),
          null,
          false,
        ),
      })),
    });
  }

  private catalogPage(after: string | null): JsonObject {
    const start = after === null ? 0 : Number(after);
    const nodes = this.variants.slice(start, start + 25);
    const end = start + nodes.length;
    return {
      pageInfo: { hasNextPage: end < this.variants.length, endCursor: String(end) },
      nodes: nodes.map((v) => ({
        id: gid('ProductVariant', v.variantId),
        sku: v.sku,
        inventoryQuantity: [...v.levels.values()].reduce((a, b) => a + b, 0),
        product: { id: gid('Product', v.productId) },
        inventoryItem: {
          id: gid('InventoryItem', v.inventoryItemId),
          tracked: v.tracked,
          inventoryLevels: page(
            [...v.levels.keys()].map((location) => ({ location: { id: gid('Location', location) } })),
            null,
            false,
          ),
        },
      })),
    };
  }

  private inventoryLevels(ids: string[], locationId: number): JsonValue[] {
    return ids.map((id) => {
      const variant = this.variants.find((v) => v.inventoryItemId === idOf(id));
      if (!variant) return null;
      const level = variant.levels.get(locationId);
      return {
        id,
        tracked: variant.tracked,
        inventoryLevel: level === undefined ? null : { quantities: [{ name: 'available', quantity: level }] },
      };
    });
  }

  private setQuantities(input: JsonObject): JsonObject {
    const quantities = (input.quantities ?? []) as JsonObject[];
    const errors: JsonObject[] = [];
    quantities.forEach((q, i) => {
      const variant = this.variants.find((v) => v.inventoryItemId === idOf(q.inventoryItemId));
      const current = variant?.levels.get(idOf(q.locationId));
      if (!variant || current === undefined) {
        errors.push({
          field: ['input', 'quantities', String(i), 'locationId'],
          message: 'The item is not stocked at the location.',
          code: 'ITEM_NOT_STOCKED_AT_LOCATION',
        });
      } else if (!('changeFromQuantity' in q)) {
        errors.push({
          field: ['input', 'quantities', String(i), 'changeFromQuantity'],
          message: 'changeFromQuantity is required.',
          code: 'INVALID',
        });
      } else if (q.changeFromQuantity !== null && q.changeFromQuantity !== current) {
        errors.push({
          field: ['input', 'quantities', String(i), 'changeFromQuantity'],
          message: 'The quantity changed since it was read.',
          code: 'CHANGE_FROM_QUANTITY_STALE',
        });
      }
    });
    if (errors.length > 0) return { inventoryAdjustmentGroup: null, userErrors: errors };
    const changes = quantities.map((q) => {
      const variant = this.variants.find((v) => v.inventoryItemId === idOf(q.inventoryItemId))!;
      const location = idOf(q.locationId);
      const delta = Number(q.quantity) - variant.levels.get(location)!;
      variant.levels.set(location, Number(q.quantity));
      return { name: 'available', delta };
    });
    return { inventoryAdjustmentGroup: { reason: String(input.reason), changes }, userErrors: [] };
  }
}

function refused(field: string[], message: string): JsonObject {
  return { fulfillment: null, userErrors: [{ field, message }] };
}
