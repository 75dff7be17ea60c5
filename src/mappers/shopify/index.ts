import type { CanonicalOrder } from '../../core/canonical/types';
import { isJsonObject, type JsonValue } from '../../core/json';
import { findShopifyOrder, isDraftOrder, shopifyOrderShape } from './document';
import { graphqlOrderFacts } from './from-graphql';
import { restOrderFacts } from './from-rest';
import { ShopifyOrderPayloadError } from './read';
import { canonicalOrderFromFacts } from './to-canonical';

export { externalIdOf, ShopifyOrderPayloadError } from './read';
export { SHOPIFY_CHANNEL } from './to-canonical';
export { findShopifyOrder, shopifyOrderShape, type ShopifyOrderShape } from './document';

/** A REST-shaped order (Admin REST resource, `orders/*` webhook body) as a canonical order. */
export function mapShopifyRestOrder(payload: JsonValue): CanonicalOrder {
  if (!isJsonObject(payload)) throw new ShopifyOrderPayloadError('(document)', 'is not a JSON object');
  return canonicalOrderFromFacts(restOrderFacts(payload));
}

/** A GraphQL Admin `Order` node, or an order assembled from bulk JSONL rows, as a canonical order. */
export function mapShopifyGraphqlOrder(payload: JsonValue): CanonicalOrder {
  if (!isJsonObject(payload)) throw new ShopifyOrderPayloadError('(document)', 'is not a JSON object');
  return canonicalOrderFromFacts(graphqlOrderFacts(payload));
}

/** Either shape, told apart by its field names. */
export function mapShopifyOrder(payload: JsonValue): CanonicalOrder {
  const order = findShopifyOrder(payload);
  switch (shopifyOrderShape(order)) {
    case 'rest':
      return mapShopifyRestOrder(order);
    case 'graphql':
      return mapShopifyGraphqlOrder(order);
    default:
      throw new ShopifyOrderPayloadError(
        '(document)',
        isDraftOrder(order)
          ? 'is a draft order, not an order'
          : 'is neither a REST nor a GraphQL Shopify order',
      );
  }
}
