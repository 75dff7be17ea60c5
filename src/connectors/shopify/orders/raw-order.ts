import { ChannelError } from '../../../core/errors';
import { toExternalId } from '../../../core/ids';
import type { RawOrder } from '../../../core/integration';
import type { JsonObject } from '../../../core/json';
import { toUtcTimestamp } from '../../../core/time';
import { SHOPIFY_PLATFORM } from '../platform';

/** A complete GraphQL order node as the hub keeps it: its id, its update time, the node itself. */
export function rawOrderFromNode(node: JsonObject): RawOrder {
  const externalId = toExternalId(node.id);
  const updatedAt = toUtcTimestamp(node.updatedAt) ?? toUtcTimestamp(node.createdAt);
  if (externalId === null || updatedAt === null) {
    throw new ChannelError(
      'protocol',
      `Shopify sent an order without id or update time (${JSON.stringify(node.id)})`,
      {
        platform: SHOPIFY_PLATFORM,
      },
    );
  }
  return { externalId, updatedAt, payload: node, deleted: false };
}
