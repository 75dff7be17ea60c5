/** Shopify GIDs from the plain ids the hub keeps (`450789469` → `gid://shopify/Order/450789469`). */
export function shopifyGid(
  type: 'Order' | 'InventoryItem' | 'Location' | 'WebhookSubscription',
  id: string,
): string {
  return id.startsWith('gid://') ? id : `gid://shopify/${type}/${id}`;
}
