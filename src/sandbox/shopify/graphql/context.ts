import type { ShopifyStore } from '../store';

/** State of a bulk query run: the root connection pages through it window by window. */
export interface BulkWindow {
  after: string | null;
  size: number;
  endCursor: string | null;
  hasNext: boolean;
}

export interface GqlContext {
  store: ShopifyStore;
  /** API version from the request path. */
  version: string;
  /** Set while a bulk operation runs the query: connections ignore first/last limits. */
  bulk: BulkWindow | null;
  /** Base URL for URLs the API hands out (bulk results). */
  home: string;
}
