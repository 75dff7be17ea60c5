import { createHash } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { CanonicalOrder } from '../core/canonical/types';
import type { JsonValue } from '../core/json';

export type OrderSource = 'webhook' | 'sync' | 'backfill' | 'push' | 'remap' | 'completeness';

export interface OrderWrite {
  tenantId: string;
  integrationId: string;
  canonical: CanonicalOrder;
  raw: JsonValue;
}

export interface OrderWriteResult {
  orderId: string;
  externalId: string;
  integrationId: string;
  outcome: 'created' | 'updated';
  status: string;
  version: number;
}

export interface StoredOrderHistoryEntry {
  at: string;
  status: string;
  previousStatus: string | null;
  source: OrderSource;
  channelUpdatedAt: string;
  version: number;
}

export interface StoredOrder {
  id: string;
  tenantId: string;
  integrationId: string;
  externalId: string;
  status: string;
  version: number;
  channelUpdatedAt: Date;
  canonical: CanonicalOrder;
  raw: JsonValue;
}

/** Stable content fingerprint: the same channel version mapped twice hashes the same. */
export function contentHash(order: CanonicalOrder): string {
  return createHash('sha256').update(JSON.stringify(order)).digest('base64url');
}

function newestPerOrder(writes: OrderWrite[]): OrderWrite[] {
  const byKey = new Map<string, OrderWrite>();
  for (const write of writes) {
    const key = `${write.integrationId}\u0000${write.canonical.externalId}`;
    const seen = byKey.get(key);
    if (!seen || Date.parse(seen.canonical.updatedAt) <= Date.parse(write.canonical.updatedAt))
      byKey.set(key, write);
  }
  // One lock order for every writer, so concurrent batches cannot deadlock each other.
  return [...byKey.values()].sort((a, b) =>
    a.integrationId === b.integrationId
      ? a.canonical.externalId.localeCompare(b.canonical.externalId)
      : a.integrationId.localeCompare(b.integrationId),
  );
}

/**
 * One statement per batch: insert or update each order, but only when the incoming channel version
 * is newer (or the same version with different content); append its history entry and its
 * downstream event in the same statement (the event only where the tenant has subscribers). Row locks taken by ON CONFLICT make the version check
 * atomic, so concurrent writers of different versions always leave the newest.
 */
/**
 * Where a lifecycle state stands: two versions with the same channel time (WooCommerce keeps whole
 * seconds) are told apart by it, so a late copy of the order from before a push cannot undo the push.
 */
function lifecycleRank(column: string): string {
  return `CASE ${column} WHEN 'pending' THEN 0 WHEN 'on_hold' THEN 1 WHEN 'processing' THEN 2
    WHEN 'partially_fulfilled' THEN 3 WHEN 'fulfilled' THEN 4 ELSE 5 END`;
}

const UPSERT_SQL = `
WITH input AS (
  SELECT (e->>'t')::uuid AS tenant_id, (e->>'i')::uuid AS integration_id, e->>'ch' AS channel, e->>'x' AS external_id,
         e->>'n' AS order_number, e->>'s' AS status, (e->>'u')::timestamptz AS channel_updated_at, e->>'h' AS content_hash,
         e->'c' AS canonical, e->'r' AS raw, (e->>'d')::timestamptz AS deleted_at
    FROM jsonb_array_elements($1::jsonb) AS e
), up AS (
  INSERT INTO orders AS o (tenant_id, integration_id, channel, external_id, order_number, status,
                           channel_updated_at, content_hash, canonical, raw, deleted_at)
  SELECT * FROM input
  ON CONFLICT (integration_id, external_id) DO UPDATE SET
    order_number = EXCLUDED.order_number,
    previous_status = o.status,
    status = EXCLUDED.status,
    channel_updated_at = EXCLUDED.channel_updated_at,
    content_hash = EXCLUDED.content_hash,
    canonical = EXCLUDED.canonical,
    raw = EXCLUDED.raw,
    deleted_at = EXCLUDED.deleted_at,
    version = o.version + 1,
    updated_at = now()
  WHERE o.channel_updated_at < EXCLUDED.channel_updated_at
     OR (o.channel_updated_at = EXCLUDED.channel_updated_at AND o.content_hash <> EXCLUDED.content_hash
         AND ${lifecycleRank('EXCLUDED.status')} >= ${lifecycleRank('o.status')})
  RETURNING o.id, o.tenant_id, o.integration_id, o.external_id, o.status, o.previous_status, o.version,
            o.channel_updated_at, o.canonical, (o.xmax = 0) AS inserted
), history AS (
  INSERT INTO order_history (order_id, status, previous_status, source, channel_updated_at, version)
  SELECT id, status, CASE WHEN inserted THEN NULL ELSE previous_status END, $2, channel_updated_at, version FROM up
), events AS (
  -- The event log feeds subscribers; a tenant without subscriptions has no one to read it.
  INSERT INTO order_events (tenant_id, integration_id, order_id, type, order_version, source, data)
  SELECT tenant_id, integration_id, id,
         CASE WHEN inserted THEN 'order.created'
              WHEN status = 'cancelled' AND previous_status IS DISTINCT FROM 'cancelled' THEN 'order.cancelled'
              ELSE 'order.updated' END,
         version, $2, canonical || jsonb_build_object('id', id::text, 'integrationId', integration_id::text)
  FROM up
  WHERE EXISTS (SELECT 1 FROM subscriptions s WHERE s.tenant_id = up.tenant_id AND s.deleted_at IS NULL)
)
SELECT id, integration_id, external_id, status, version, inserted FROM up`;

interface UpsertRow {
  id: string;
  integration_id: string;
  external_id: string;
  status: string;
  version: number;
  inserted: boolean;
}

export class OrderStore {
  constructor(private readonly ds: DataSource) {}

  /** Writes a page of orders in one statement. Orders whose stored version is newer or equal are left alone. */
  async upsert(writes: OrderWrite[], source: OrderSource): Promise<OrderWriteResult[]> {
    if (writes.length === 0) return [];
    const rows = newestPerOrder(writes).map((w) => ({
      t: w.tenantId,
      i: w.integrationId,
      ch: w.canonical.channel,
      x: w.canonical.externalId,
      n: w.canonical.orderNumber,
      s: w.canonical.status,
      u: w.canonical.updatedAt,
      h: contentHash(w.canonical),
      c: w.canonical,
      r: w.raw,
      d: w.canonical.deletedAt,
    }));
    // One JSON document for the whole batch: PostgreSQL parses it once, with no array-literal escaping.
    const result: UpsertRow[] = await this.ds.query(UPSERT_SQL, [JSON.stringify(rows), source]);
    return result.map((row) => ({
      orderId: row.id,
      externalId: row.external_id,
      integrationId: row.integration_id,
      outcome: row.inserted ? 'created' : 'updated',
      status: row.status,
      version: row.version,
    }));
  }

  /** Marks an order deleted on the channel when the channel no longer has it; keeps its document. */
  async markDeleted(
    integrationId: string,
    externalId: string,
    deletedAt: string,
    source: OrderSource,
  ): Promise<boolean> {
    const rows: { id: string }[] = await this.ds.query(
      `WITH up AS (
         UPDATE orders SET deleted_at = $3::timestamptz, canonical = jsonb_set(canonical, '{deletedAt}', to_jsonb($5::text)),
                version = version + 1, previous_status = status, updated_at = now()
         WHERE integration_id = $1 AND external_id = $2 AND deleted_at IS NULL
         RETURNING id, tenant_id, integration_id, status, version, channel_updated_at, canonical
       ), history AS (
         INSERT INTO order_history (order_id, status, previous_status, source, channel_updated_at, version)
         SELECT id, status, status, $4, channel_updated_at, version FROM up
       ), events AS (
         INSERT INTO order_events (tenant_id, integration_id, order_id, type, order_version, source, data)
         SELECT tenant_id, integration_id, id, 'order.updated', version, $4,
                canonical || jsonb_build_object('id', id::text, 'integrationId', integration_id::text) FROM up
          WHERE EXISTS (SELECT 1 FROM subscriptions s WHERE s.tenant_id = up.tenant_id AND s.deleted_at IS NULL)
       )
       SELECT id FROM up`,
      [integrationId, externalId, deletedAt, source, deletedAt],
    );
    return rows.length > 0;
  }

  async findByExternalId(integrationId: string, externalId: string): Promise<StoredOrder | null> {
    const rows: StoredOrderRow[] = await this.ds.query(
      `SELECT ${STORED_COLUMNS} FROM orders WHERE integration_id = $1 AND external_id = $2`,
      [integrationId, externalId],
    );
    return rows[0] ? toStoredOrder(rows[0]) : null;
  }

  async findForTenant(tenantId: string, orderId: string): Promise<StoredOrder | null> {
    if (!isUuid(orderId)) return null;
    const rows: StoredOrderRow[] = await this.ds.query(
      `SELECT ${STORED_COLUMNS} FROM orders WHERE tenant_id = $1 AND id = $2`,
      [tenantId, orderId],
    );
    return rows[0] ? toStoredOrder(rows[0]) : null;
  }

  async history(orderId: string): Promise<StoredOrderHistoryEntry[]> {
    const rows: {
      at: Date;
      status: string;
      previous_status: string | null;
      source: OrderSource;
      channel_updated_at: Date;
      version: number;
    }[] = await this.ds.query(
      `SELECT at, status, previous_status, source, channel_updated_at, version
         FROM order_history WHERE order_id = $1 ORDER BY id`,
      [orderId],
    );
    return rows.map((r) => ({
      at: r.at.toISOString(),
      status: r.status,
      previousStatus: r.previous_status,
      source: r.source,
      channelUpdatedAt: r.channel_updated_at.toISOString(),
      version: r.version,
    }));
  }

  /** Orders of a tenant, newest update first, keyset-paged on (updated_at, id). */
  async list(
    tenantId: string,
    filter: {
      integrationId?: string;
      status?: string;
      updatedSince?: Date;
      limit: number;
      cursor?: { at: string; id: string };
    },
  ): Promise<{ orders: StoredOrder[]; next: { at: string; id: string } | null }> {
    const where = ['tenant_id = $1'];
    const params: unknown[] = [tenantId];
    const add = (sql: string, value: unknown) => {
      params.push(value);
      where.push(sql.replace('?', `$${params.length}`));
    };
    if (filter.integrationId) add('integration_id = ?', filter.integrationId);
    if (filter.status) add('status = ?', filter.status);
    if (filter.updatedSince) add('updated_at >= ?', filter.updatedSince);
    if (filter.cursor) {
      params.push(filter.cursor.at, filter.cursor.id);
      where.push(`(updated_at, id) < ($${params.length - 1}::timestamptz, $${params.length}::uuid)`);
    }
    params.push(filter.limit + 1);
    // The cursor keeps updated_at as PostgreSQL's own text: microseconds survive, which a JS Date would drop.
    const rows: (StoredOrderRow & { updated_at_text: string })[] = await this.ds.query(
      `SELECT ${STORED_COLUMNS}, updated_at::text AS updated_at_text FROM orders WHERE ${where.join(' AND ')}
        ORDER BY updated_at DESC, id DESC LIMIT $${params.length}`,
      params,
    );
    const page = rows.slice(0, filter.limit);
    const last = page[page.length - 1];
    return {
      orders: page.map(toStoredOrder),
      next: rows.length > filter.limit && last ? { at: last.updated_at_text, id: last.id } : null,
    };
  }

  async countInWindow(integrationId: string, from: Date, to: Date): Promise<number> {
    const rows: { n: string }[] = await this.ds.query(
      `SELECT count(*) AS n FROM orders WHERE integration_id = $1 AND channel_updated_at >= $2 AND channel_updated_at < $3`,
      [integrationId, from, to],
    );
    return Number(rows[0]?.n ?? 0);
  }

  async externalIdsInWindow(integrationId: string, from: Date, to: Date): Promise<Set<string>> {
    const rows: { external_id: string }[] = await this.ds.query(
      `SELECT external_id FROM orders WHERE integration_id = $1 AND channel_updated_at >= $2 AND channel_updated_at < $3`,
      [integrationId, from, to],
    );
    return new Set(rows.map((r) => r.external_id));
  }
}

const STORED_COLUMNS =
  'id, tenant_id, integration_id, external_id, status, version, channel_updated_at, canonical, raw';

interface StoredOrderRow {
  id: string;
  tenant_id: string;
  integration_id: string;
  external_id: string;
  status: string;
  version: number;
  channel_updated_at: Date;
  canonical: CanonicalOrder;
  raw: JsonValue;
}

function toStoredOrder(row: StoredOrderRow): StoredOrder {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    integrationId: row.integration_id,
    externalId: row.external_id,
    status: row.status,
    version: row.version,
    channelUpdatedAt: row.channel_updated_at,
    canonical: { ...row.canonical, id: row.id, integrationId: row.integration_id },
    raw: row.raw,
  };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export function isUuid(value: string): boolean {
  return UUID.test(value);
}
