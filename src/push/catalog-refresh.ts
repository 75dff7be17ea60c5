import type { Hub } from '../hub';
import { connectorContextFor } from '../services/connector-context';

/** Re-reads a store's catalog: its SKU → product / variant / inventory item / location map. */
export class CatalogRefresh {
  constructor(private readonly hub: Hub) {}

  async run(integrationId: string): Promise<{ entries: number }> {
    const integration = await this.hub.stores.integrations.findById(integrationId);
    if (!integration || integration.deletedAt) return { entries: 0 };
    const connector = this.hub.registry.get(integration.platform);
    const ctx = await connectorContextFor(this.hub, integration, 'incremental');
    const started = new Date();
    let cursor: string | null = null;
    let entries = 0;
    do {
      const page = await connector.listCatalog(ctx, cursor);
      await this.hub.stores.catalog.upsertEntries(integrationId, page.entries);
      entries += page.entries.length;
      cursor = page.nextCursor;
    } while (cursor);
    await this.hub.stores.catalog.removeStale(integrationId, started);
    return { entries };
  }
}
