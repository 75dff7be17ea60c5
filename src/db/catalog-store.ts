import type { DataSource } from 'typeorm';
import type { CatalogEntry } from '../core/integration';

export interface InventoryPending {
  integrationId: string;
  sku: string;
  available: number;
  locationExternalId: string | null;
  observedAt: string;
}

/** A level the back office asked for; `observedAt` null: now, by the database's clock. */
export type InventoryLevelRequest = Omit<InventoryPending, 'observedAt'> & { observedAt: string | null };

/** Each store's SKU map (from its catalog) and the stock levels the back office asked for. */
export class CatalogStore {
  constructor(private readonly ds: DataSource) {}

  /** Replaces what the hub knows of a store's catalog with a fresh listing, in one statement per page. */
  async upsertEntries(integrationId: string, entries: CatalogEntry[]): Promise<void> {
    if (entries.length === 0) return;
    const unique = [...new Map(entries.map((e) => [e.sku, e])).values()];
    await this.ds.query(
      `INSERT INTO catalog_entries (integration_id, sku, product_external_id, variant_external_id, inventory_item_external_id,
                                    location_external_ids, manages_stock, available, refreshed_at)
       SELECT $1, e.sku, e.product, e.variant, e.item, ARRAY(SELECT jsonb_array_elements_text(e.locations)), e.manages, e.available, now()
         FROM jsonb_to_recordset($2::jsonb) AS e(sku text, product text, variant text, item text, locations jsonb, manages boolean, available integer)
       ON CONFLICT (integration_id, sku) DO UPDATE SET product_external_id = EXCLUDED.product_external_id,
         variant_external_id = EXCLUDED.variant_external_id, inventory_item_external_id = EXCLUDED.inventory_item_external_id,
         location_external_ids = EXCLUDED.location_external_ids, manages_stock = EXCLUDED.manages_stock,
         available = EXCLUDED.available, refreshed_at = now()`,
      [
        integrationId,
        JSON.stringify(
          unique.map((e) => ({
            sku: e.sku,
            product: e.productExternalId,
            variant: e.variantExternalId,
            item: e.inventoryItemExternalId,
            locations: e.locationExternalIds,
            manages: e.managesStock,
            available: e.available,
          })),
        ),
      ],
    );
  }

  async removeStale(integrationId: string, refreshedBefore: Date): Promise<void> {
    await this.ds.query('DELETE FROM catalog_entries WHERE integration_id = $1 AND refreshed_at < $2', [
      integrationId,
      refreshedBefore,
    ]);
  }

  /** Which live stores of the tenant sell each SKU. */
  async storesSelling(tenantId: string, skus: string[]): Promise<Map<string, string[]>> {
    const rows: { sku: string; integration_id: string }[] = await this.ds.query(
      `SELECT c.sku, c.integration_id FROM catalog_entries c JOIN integrations i ON i.id = c.integration_id
        WHERE i.tenant_id = $1 AND i.deleted_at IS NULL AND c.sku = ANY($2::text[])`,
      [tenantId, skus],
    );
    const map = new Map<string, string[]>();
    for (const r of rows) map.set(r.sku, [...(map.get(r.sku) ?? []), r.integration_id]);
    return map;
  }

  async entries(integrationId: string, skus: string[]): Promise<CatalogEntry[]> {
    const rows: {
      sku: string;
      product_external_id: string;
      variant_external_id: string | null;
      inventory_item_external_id: string | null;
      location_external_ids: string[];
      manages_stock: boolean;
      available: number | null;
    }[] = await this.ds.query(
      'SELECT * FROM catalog_entries WHERE integration_id = $1 AND sku = ANY($2::text[])',
      [integrationId, skus],
    );
    return rows.map((r) => ({
      sku: r.sku,
      productExternalId: r.product_external_id,
      variantExternalId: r.variant_external_id,
      inventoryItemExternalId: r.inventory_item_external_id,
      locationExternalIds: r.location_external_ids,
      managesStock: r.manages_stock,
      available: r.available,
    }));
  }

  /**
   * Records the level asked for. A level observed earlier than the one already recorded changes
   * nothing: a newer value is never overwritten by an older one, whatever order requests arrive in.
   * A level without `observedAt` is stamped with the database's clock (microseconds, one clock for
   * every API process), so that of two quick updates the later one wins. Several levels of one SKU
   * in one call count once: the latest observed, or the last one given. Rows are written (and
   * locked) in one order, (store, SKU), as `markPushed` locks them: concurrent requests whose SKUs
   * overlap wait for each other instead of deadlocking.
   */
  async requestLevels(levels: InventoryLevelRequest[]): Promise<number> {
    if (levels.length === 0) return 0;
    const latest = new Map<string, { level: InventoryLevelRequest; at: number }>();
    for (const level of levels) {
      const key = `${level.integrationId}\u0000${level.sku}`;
      const at = level.observedAt === null ? Number.POSITIVE_INFINITY : Date.parse(level.observedAt);
      const seen = latest.get(key);
      if (!seen || at >= seen.at) latest.set(key, { level, at });
    }
    const rows: unknown[] = await this.ds.query(
      `INSERT INTO inventory_levels (integration_id, sku, location_external_id, available, observed_at)
       SELECT l.integration_id::uuid, l.sku, l.location, l.available, COALESCE(l.observed_at::timestamptz, clock_timestamp())
         FROM jsonb_to_recordset($1::jsonb) AS l(integration_id text, sku text, location text, available integer, observed_at text)
        ORDER BY l.integration_id::uuid, l.sku
       ON CONFLICT (integration_id, sku) DO UPDATE SET available = EXCLUDED.available,
         location_external_id = EXCLUDED.location_external_id, observed_at = EXCLUDED.observed_at, updated_at = now()
       WHERE inventory_levels.observed_at < EXCLUDED.observed_at
       RETURNING 1`,
      [
        JSON.stringify(
          [...latest.values()].map(({ level: l }) => ({
            integration_id: l.integrationId,
            sku: l.sku,
            location: l.locationExternalId,
            available: l.available,
            observed_at: l.observedAt,
          })),
        ),
      ],
    );
    return rows.length;
  }

  async pendingLevels(integrationId: string, limit: number): Promise<InventoryPending[]> {
    const rows: {
      sku: string;
      available: number;
      location_external_id: string | null;
      observed_at: string;
    }[] = await this.ds.query(
      `SELECT sku, available, location_external_id, to_char(observed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS observed_at
         FROM inventory_levels WHERE integration_id = $1 AND (pushed_observed_at IS NULL OR pushed_observed_at < observed_at)
        ORDER BY sku LIMIT $2`,
      [integrationId, limit],
    );
    return rows.map((r) => ({
      integrationId,
      sku: r.sku,
      available: r.available,
      locationExternalId: r.location_external_id,
      observedAt: r.observed_at,
    }));
  }

  /**
   * Marks levels as on the channel, unless a newer level arrived meanwhile (it stays pending). The
   * rows are locked in SKU order first, the order `requestLevels` writes them in.
   */
  async markPushed(
    integrationId: string,
    pushed: { sku: string; observedAt: string; result: unknown }[],
  ): Promise<void> {
    if (pushed.length === 0) return;
    await this.ds.transaction(async (tx) => {
      await tx.query(
        `SELECT 1 FROM inventory_levels WHERE integration_id = $1 AND sku = ANY($2::text[]) ORDER BY sku FOR UPDATE`,
        [integrationId, pushed.map((p) => p.sku)],
      );
      await tx.query(
        `UPDATE inventory_levels l SET pushed_observed_at = p.observed_at::timestamptz, last_result = p.result, updated_at = now()
           FROM jsonb_to_recordset($2::jsonb) AS p(sku text, observed_at text, result jsonb)
          WHERE l.integration_id = $1 AND l.sku = p.sku AND l.observed_at = p.observed_at::timestamptz`,
        [
          integrationId,
          JSON.stringify(pushed.map((p) => ({ sku: p.sku, observed_at: p.observedAt, result: p.result }))),
        ],
      );
    });
  }
}
