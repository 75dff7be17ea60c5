/** One GraphQL document the connector sends, with what the rate gate reserves for it before the first answer. */
export interface ShopifyDocument {
  /** The operation name; also the key under which the last requested cost is remembered. */
  name: string;
  text: string;
  /** Requested cost assumed before Shopify has said (every answer's `requestedQueryCost` replaces it). */
  estimatedCost: number;
}

export function shopifyDocument(name: string, estimatedCost: number, text: string): ShopifyDocument {
  return { name, estimatedCost, text: text.trim() };
}
