import type { DataSource } from 'typeorm';
import type { CredentialCipher } from './credential-cipher';

export interface Subscription {
  id: string;
  tenantId: string;
  url: string;
  events: string[];
  lastEventId: string;
  headAttempts: number;
  lastError: string | null;
  createdAt: string;
}

export interface PendingEvent {
  id: string;
  type: string;
  createdAt: string;
  orderId: string;
  data: unknown;
}

interface Row {
  id: string;
  tenant_id: string;
  url: string;
  events: string[];
  last_event_id: string;
  head_attempts: number;
  last_error: string | null;
  created_at: Date;
}

const toSubscription = (r: Row): Subscription => ({
  id: r.id,
  tenantId: r.tenant_id,
  url: r.url,
  events: r.events,
  lastEventId: String(r.last_event_id),
  headAttempts: r.head_attempts,
  lastError: r.last_error,
  createdAt: r.created_at.toISOString(),
});

/**
 * Subscriptions and their delivery cursor: each subscriber reads the tenant's event log in order,
 * from the event after the last one it acknowledged, so nothing is skipped while it is down.
 */
export class SubscriptionStore {
  constructor(
    private readonly ds: DataSource,
    private readonly cipher: CredentialCipher,
  ) {}

  async create(tenantId: string, url: string, events: string[], secret: string): Promise<Subscription> {
    const id = (await this.ds.query('SELECT gen_random_uuid() AS id'))[0].id as string;
    const sealed = this.cipher.seal({ secret }, id);
    const rows: Row[] = await this.ds.query(
      `INSERT INTO subscriptions (id, tenant_id, url, events, secret_sealed, secret_key_id, last_event_id)
       VALUES ($1, $2, $3, $4, $5, $6, (SELECT COALESCE(max(id), 0) FROM order_events)) RETURNING *`,
      [id, tenantId, url, events, sealed.sealed, sealed.keyId],
    );
    return toSubscription(rows[0]!);
  }

  async list(tenantId: string): Promise<Subscription[]> {
    const rows: Row[] = await this.ds.query(
      'SELECT * FROM subscriptions WHERE tenant_id = $1 AND deleted_at IS NULL ORDER BY created_at',
      [tenantId],
    );
    return rows.map(toSubscription);
  }

  async find(id: string): Promise<Subscription | null> {
    const rows: Row[] = await this.ds.query(
      'SELECT * FROM subscriptions WHERE id = $1 AND deleted_at IS NULL',
      [id],
    );
    return rows[0] ? toSubscription(rows[0]) : null;
  }

  async delete(tenantId: string, id: string): Promise<boolean> {
    const rows: unknown[] = await this.ds.query(
      'UPDATE subscriptions SET deleted_at = now() WHERE tenant_id = $1 AND id = $2 AND deleted_at IS NULL RETURNING 1',
      [tenantId, id],
    );
    return rows.length > 0;
  }

  async secret(id: string): Promise<string> {
    const rows: { secret_sealed: string; secret_key_id: string }[] = await this.ds.query(
      'SELECT secret_sealed, secret_key_id FROM subscriptions WHERE id = $1',
      [id],
    );
    const row = rows[0];
    if (!row) throw new Error(`subscription ${id} not found`);
    return this.cipher.open({ keyId: row.secret_key_id, sealed: row.secret_sealed }, id).secret!;
  }

  /** Subscriptions with events waiting beyond their cursor. */
  async withPendingEvents(): Promise<string[]> {
    const rows: { id: string }[] = await this.ds.query(
      `SELECT s.id FROM subscriptions s WHERE s.deleted_at IS NULL AND EXISTS (
         SELECT 1 FROM order_events e WHERE e.tenant_id = s.tenant_id AND e.id > s.last_event_id AND e.type = ANY(s.events))`,
    );
    return rows.map((r) => r.id);
  }

  async pendingEvents(subscription: Subscription, limit: number): Promise<PendingEvent[]> {
    const rows: { id: string; type: string; created_at: Date; order_id: string; data: unknown }[] =
      await this.ds.query(
        `SELECT id, type, created_at, order_id, data FROM order_events
        WHERE tenant_id = $1 AND id > $2 AND type = ANY($3) ORDER BY id LIMIT $4`,
        [subscription.tenantId, subscription.lastEventId, subscription.events, limit],
      );
    return rows.map((r) => ({
      id: String(r.id),
      type: r.type,
      createdAt: r.created_at.toISOString(),
      orderId: r.order_id,
      data: r.data,
    }));
  }

  async acknowledge(id: string, eventId: string): Promise<void> {
    await this.ds.query(
      'UPDATE subscriptions SET last_event_id = $2, head_attempts = 0, last_error = NULL WHERE id = $1 AND last_event_id < $2',
      [id, eventId],
    );
  }

  async recordFailure(id: string, error: string): Promise<number> {
    const rows: { head_attempts: number }[] = await this.ds.query(
      'UPDATE subscriptions SET head_attempts = head_attempts + 1, last_error = $2 WHERE id = $1 RETURNING head_attempts',
      [id, error],
    );
    return rows[0]?.head_attempts ?? 0;
  }
}
