import { ChannelError } from '../../../core/errors';
import { isJsonObject, type JsonObject } from '../../../core/json';
import { SHOPIFY_PLATFORM } from '../platform';

/** Where a child row goes in its parent, by `__typename`. */
const CHILD_CONNECTIONS: Readonly<Record<string, string>> = {
  LineItem: 'lineItems',
  ShippingLine: 'shippingLines',
  RefundLineItem: 'refundLineItems',
  FulfillmentLineItem: 'fulfillmentLineItems',
};

interface OpenOrder {
  order: JsonObject;
  /** Objects of this order child rows may name as `__parentId`. */
  byId: Map<string, JsonObject>;
}

function protocolError(message: string): ChannelError {
  return new ChannelError('protocol', message, { platform: SHOPIFY_PLATFORM });
}

function open(row: JsonObject): OpenOrder {
  const order: JsonObject = { ...row, lineItems: { nodes: [] }, shippingLines: { nodes: [] } };
  const byId = new Map<string, JsonObject>();
  if (typeof order.id === 'string') byId.set(order.id, order);
  for (const field of ['refunds', 'fulfillments'] as const) {
    for (const item of Array.isArray(order[field]) ? order[field] : []) {
      if (isJsonObject(item) && typeof item.id === 'string') byId.set(item.id, item);
    }
  }
  return { order, byId };
}

/**
 * GraphQL order nodes from bulk rows. Rows of nested connections come after their parent with
 * `__parentId` (grouped output: before the next order), so an order is handed out, with every
 * child in place as `{nodes: […]}`, as soon as the next order's row arrives. Only the open order
 * is held.
 */
export async function* assembleBulkOrders(rows: AsyncIterable<JsonObject>): AsyncGenerator<JsonObject> {
  let current: OpenOrder | null = null;
  let lastClosedId: string | null = null;
  for await (const row of rows) {
    const parentId = row.__parentId;
    if (typeof parentId !== 'string') {
      if (current) {
        lastClosedId = typeof current.order.id === 'string' ? current.order.id : null;
        yield current.order;
      }
      current = open(row);
      continue;
    }
    const parent = current?.byId.get(parentId);
    if (!current || !parent) {
      throw protocolError(
        parentId === lastClosedId
          ? `bulk row for ${parentId} arrived after its order was complete: the output is not grouped`
          : `bulk row names a parent that is not the order being read (${parentId})`,
      );
    }
    const typename = typeof row.__typename === 'string' ? row.__typename : '';
    const field = CHILD_CONNECTIONS[typename];
    if (!field)
      throw protocolError(`bulk row of an unexpected type under ${parentId}: ${JSON.stringify(typename)}`);
    const { __parentId: _parent, ...child } = row;
    const connection = isJsonObject(parent[field] ?? null) ? (parent[field] as JsonObject) : { nodes: [] };
    const nodes = Array.isArray(connection.nodes) ? connection.nodes : [];
    nodes.push(child);
    parent[field] = { nodes };
    if (typeof child.id === 'string') current.byId.set(child.id, child);
  }
  if (current) yield current.order;
}
