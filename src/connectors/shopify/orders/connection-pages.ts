import { ChannelError } from '../../../core/errors';
import { isJsonObject, type JsonObject, type JsonValue } from '../../../core/json';
import { objectAt } from '../graphql/answer';
import type { ShopifyGraphqlClient, Variables } from '../graphql/client';
import type { ShopifyDocument } from '../graphql/document';
import { SHOPIFY_PLATFORM } from '../platform';

export interface ConnectionPage {
  nodes: JsonObject[];
  hasNextPage: boolean;
  endCursor: string | null;
}

/** A connection as Shopify sends it (`{pageInfo, nodes}` or `{pageInfo, edges}`). */
export function readConnection(value: JsonValue | undefined): ConnectionPage {
  const connection = objectAt(value);
  const pageInfo = objectAt(connection?.pageInfo);
  const nodes = Array.isArray(connection?.nodes)
    ? connection.nodes.filter(isJsonObject)
    : (Array.isArray(connection?.edges) ? connection.edges : [])
        .map((edge) => objectAt(objectAt(edge)?.node))
        .filter((node): node is JsonObject => node !== null);
  return {
    nodes,
    hasNextPage: pageInfo?.hasNextPage === true,
    endCursor: typeof pageInfo?.endCursor === 'string' ? pageInfo.endCursor : null,
  };
}

/** Runs a page query and reads the connection at `path` (`['order', 'lineItems']`). */
export async function fetchConnectionPage(
  client: ShopifyGraphqlClient,
  document: ShopifyDocument,
  variables: Variables,
  path: readonly string[],
): Promise<ConnectionPage> {
  let value: JsonValue | undefined = await client.request(document, variables);
  for (const key of path) {
    const owner = objectAt(value);
    if (!owner) break;
    value = owner[key];
  }
  if (value === undefined || value === null) {
    throw new ChannelError(
      'not_found',
      `${document.name}: ${path.slice(0, -1).join('.')} is gone on Shopify`,
      {
        platform: SHOPIFY_PLATFORM,
      },
    );
  }
  return readConnection(value);
}

/**
 * All nodes of a nested connection: what the parent already carries, then follow-up pages until
 * `hasNextPage` is false. A connection the parent does not carry at all is read from the start;
 * one without `pageInfo` (a list assembled from bulk rows) is complete as it is.
 */
export async function drainConnection(
  carried: JsonValue | undefined,
  nextPage: (after: string | null) => Promise<ConnectionPage>,
): Promise<JsonObject[]> {
  let page: ConnectionPage =
    carried === undefined || carried === null ? await nextPage(null) : readConnection(carried);
  const nodes = [...page.nodes];
  while (page.hasNextPage) {
    if (page.endCursor === null) break;
    page = await nextPage(page.endCursor);
    nodes.push(...page.nodes);
  }
  return nodes;
}
