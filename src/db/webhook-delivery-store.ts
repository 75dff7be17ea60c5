import type { DataSource } from 'typeorm';

export type DeliveryStatus = 'inbox' | 'accepted' | 'processed' | 'ignored' | 'quarantined' | 'failed';

export interface DeliveryRecord {
  integrationId: string;
  platform: string;
  topic: string;
  deliveryKey: string;
  eventKey: string | null;
  orderExternalId: string | null;
  receivedAt: Date;
  headers: Record<string, string>;
  body: Buffer;
}

export interface StoredDelivery extends DeliveryRecord {
  id: string;
  status: DeliveryStatus;
  reason: string | null;
}

interface Row {
  id: string;
  integration_id: string;
  platform: string;
  topic: string;
  delivery_key: string;
  event_key: string | null;
  order_external_id: string | null;
  received_at: Date;
  headers: Record<string, string>;
  body: Buffer;
  status: DeliveryStatus;
  reason: string | null;
}

const toStored = (r: Row): StoredDelivery => ({
  id: String(r.id),
  integrationId: r.integration_id,
  platform: r.platform,
  topic: r.topic,
  deliveryKey: r.delivery_key,
  eventKey: r.event_key,
  orderExternalId: r.order_external_id,
  receivedAt: r.received_at,
  headers: r.headers,
  body: r.body,
  status: r.status,
  reason: r.reason,
});

/** The raw event store: every verified delivery with its headers and exact body bytes. */
export class WebhookDeliveryStore {
  constructor(private readonly ds: DataSource) {}

  /** Records a delivery once; returns its id, or null when the same delivery was recorded before. */
  async record(
    delivery: DeliveryRecord,
    status: DeliveryStatus,
    reason: string | null = null,
  ): Promise<string | null> {
    const rows: { id: string }[] = await this.ds.query(
      `INSERT INTO webhook_deliveries (integration_id, platform, topic, delivery_key, event_key, order_external_id,
                                       received_at, headers, body, status, reason)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
       ON CONFLICT (integration_id, delivery_key) DO NOTHING RETURNING id`,
      [
        delivery.integrationId,
        delivery.platform,
        delivery.topic,
        delivery.deliveryKey,
        delivery.eventKey,
        delivery.orderExternalId,
        delivery.receivedAt,
        JSON.stringify(delivery.headers),
        delivery.body,
        status,
        reason,
      ],
    );
    return rows[0] ? String(rows[0].id) : null;
  }

  /** Records many deliveries in one statement; for each, its new id or null when it was recorded before. */
  async recordMany(
    items: { record: DeliveryRecord; status: DeliveryStatus; reason: string | null }[],
  ): Promise<(string | null)[]> {
    if (items.length === 0) return [];
    const col = <T>(pick: (i: (typeof items)[number]) => T) => items.map(pick);
    const rows: { id: string; integration_id: string; delivery_key: string }[] = await this.ds.query(
      `INSERT INTO webhook_deliveries (integration_id, platform, topic, delivery_key, event_key, order_external_id,
                                       received_at, headers, body, status, reason)
       SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::timestamptz[],
                            $8::jsonb[], $9::bytea[], $10::text[], $11::text[])
       ON CONFLICT (integration_id, delivery_key) DO NOTHING RETURNING id, integration_id, delivery_key`,
      [
        col((i) => i.record.integrationId),
        col((i) => i.record.platform),
        col((i) => i.record.topic),
        col((i) => i.record.deliveryKey),
        col((i) => i.record.eventKey),
        col((i) => i.record.orderExternalId),
        col((i) => i.record.receivedAt),
        col((i) => JSON.stringify(i.record.headers)),
        col((i) => i.record.body),
        col((i) => i.status),
        col((i) => i.reason),
      ],
    );
    const ids = new Map(rows.map((r) => [`${r.integration_id}:${r.delivery_key}`, String(r.id)]));
    return items.map((i) => ids.get(`${i.record.integrationId}:${i.record.deliveryKey}`) ?? null);
  }

  async setStatus(id: string, status: DeliveryStatus, reason: string | null = null): Promise<void> {
    await this.ds.query(
      `UPDATE webhook_deliveries SET status = $2, reason = $3,
         processed_at = CASE WHEN $2 IN ('processed', 'ignored', 'failed') THEN now() ELSE processed_at END
       WHERE id = $1`,
      [id, status, reason],
    );
  }

  async findByKey(integrationId: string, deliveryKey: string): Promise<StoredDelivery | null> {
    const rows: Row[] = await this.ds.query(
      'SELECT * FROM webhook_deliveries WHERE integration_id = $1 AND delivery_key = $2',
      [integrationId, deliveryKey],
    );
    return rows[0] ? toStored(rows[0]) : null;
  }

  /**
   * Takes up to `limit` deliveries out of the PostgreSQL inbox (accepted while Redis was
   * unreachable), oldest first, and hands them to `queue`: they leave the inbox (status
   * 'accepted') only if it succeeds. Rows another process is taking are skipped, so that two
   * relays never queue the same delivery. Returns how many were taken.
   */
  async takeInbox(limit: number, queue: (deliveries: StoredDelivery[]) => Promise<void>): Promise<number> {
    return this.ds.transaction(async (tx) => {
      const rows: Row[] = await tx.query(
        `WITH taken AS (
           UPDATE webhook_deliveries SET status = 'accepted', reason = 'relayed from the inbox'
            WHERE id IN (SELECT id FROM webhook_deliveries WHERE status = 'inbox' ORDER BY id LIMIT $1
                          FOR UPDATE SKIP LOCKED)
            RETURNING *
         )
         SELECT * FROM taken ORDER BY id`,
        [limit],
      );
      if (rows.length > 0) await queue(rows.map(toStored));
      return rows.length;
    });
  }

  /**
   * An integration's deliveries received from `since` on, for replay: quarantined ones too (an
   * order a mapper could not read maps after the mapper is fixed), not those still in the inbox
   * (the inbox relay queues them).
   */
  async since(integrationId: string, since: Date, limit = 10_000): Promise<StoredDelivery[]> {
    const rows: Row[] = await this.ds.query(
      `SELECT * FROM webhook_deliveries WHERE integration_id = $1 AND received_at >= $2
        AND status <> 'inbox' ORDER BY received_at, id LIMIT $3`,
      [integrationId, since, limit],
    );
    return rows.map(toStored);
  }

  async quarantined(limit = 100): Promise<StoredDelivery[]> {
    const rows: Row[] = await this.ds.query(
      `SELECT * FROM webhook_deliveries WHERE status = 'quarantined' ORDER BY received_at DESC LIMIT $1`,
      [limit],
    );
    return rows.map(toStored);
  }

  /** Drops deliveries older than the retention period; returns how many. */
  async prune(olderThan: Date): Promise<number> {
    // A DELETE's own answer through TypeORM is [rows, count], whatever it returns: counted in SQL instead.
    const rows: { n: number }[] = await this.ds.query(
      `WITH pruned AS (DELETE FROM webhook_deliveries WHERE received_at < $1 AND status NOT IN ('inbox') RETURNING 1)
       SELECT count(*)::int AS n FROM pruned`,
      [olderThan],
    );
    return rows[0]?.n ?? 0;
  }
}
