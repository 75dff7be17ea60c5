import type { DataSource, QueryRunner } from 'typeorm';
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

/** The first key of the advisory locks that make one process a subscriber's deliverer. */
const DELIVERY_LOCK_SPACE = 0x48554245; // "HUBE"

/** How old an event must be to be delivered past a gap in the ids below it whatever is in progress. */
const GAP_GRACE_SECONDS = 60;

interface EventRow {
  id: string;
  type: string;
  created_at: Date;
  order_id: string;
  data: unknown;
  /** How many events (of every tenant) exist between the cursor and the last event read. */
  present: string;
  snapshot: string;
  settled: boolean;
}

const toPendingEvent = (r: EventRow): PendingEvent => ({
  id: String(r.id),
  type: r.type,
  createdAt: r.created_at.toISOString(),
  orderId: r.order_id,
  data: r.data,
});

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
  /** The session holding this process's delivery locks: one connection, back in the pool when none is held. */
  private lockSession: { runner: Promise<QueryRunner>; users: number } | null = null;

  constructor(
    private readonly ds: DataSource,
    private readonly cipher: CredentialCipher,
  ) {}

  /**
   * Makes this process the subscriber's only deliverer until `release`: null when another process
   * delivers to it now. Hub processes on one Redis prefix never run two deliveries of a subscriber
   * at once, but processes on another prefix over the same database (a blue/green switch, a second
   * deployment) would, and two deliverers could send an older event after a newer one. A
   * session-level advisory lock in PostgreSQL excludes them; it goes with its connection if the
   * process dies.
   */
  async lockDelivery(subscriptionId: string): Promise<{ release(): Promise<void> } | null> {
    const session = (this.lockSession ??= { runner: this.openLockSession(), users: 0 });
    session.users++;
    try {
      const runner = await session.runner;
      const rows: { locked: boolean }[] = await runner.query(
        'SELECT pg_try_advisory_lock($1, hashtext($2)) AS locked',
        [DELIVERY_LOCK_SPACE, subscriptionId],
      );
      if (rows[0]?.locked !== true) {
        await this.leaveLockSession(session);
        return null;
      }
      return {
        release: async () => {
          await runner
            .query('SELECT pg_advisory_unlock($1, hashtext($2))', [DELIVERY_LOCK_SPACE, subscriptionId])
            .catch(() => undefined);
          await this.leaveLockSession(session);
        },
      };
    } catch (error) {
      // The session is broken (its locks went with its connection): the next caller opens another.
      if (this.lockSession === session) this.lockSession = null;
      await this.leaveLockSession(session);
      throw error;
    }
  }

  private async openLockSession(): Promise<QueryRunner> {
    const runner = this.ds.createQueryRunner();
    await runner.connect();
    return runner;
  }

  private async leaveLockSession(session: { runner: Promise<QueryRunner>; users: number }): Promise<void> {
    session.users--;
    if (session.users > 0) return;
    if (this.lockSession === session) this.lockSession = null;
    const runner = await session.runner.catch(() => null);
    await runner?.release().catch(() => undefined);
  }

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
    // (TypeORM answers a bare UPDATE with [rows, count]: wrapped in a SELECT, it answers the rows.)
    const rows: unknown[] = await this.ds.query(
      `WITH gone AS (UPDATE subscriptions SET deleted_at = now() WHERE tenant_id = $1 AND id = $2 AND deleted_at IS NULL RETURNING 1)
       SELECT 1 FROM gone`,
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

  /**
   * The subscriber's next events after its cursor, in log order, never beyond an event that may
   * still appear below it. Event ids come from a sequence and are taken before their transaction
   * commits, so a lower id can become visible after a higher one: delivering the higher one first
   * would move the cursor past the lower one for good. The events read are final when their id
   * range has no gap, or once every transaction in progress when they were read has ended (an id
   * below a visible event was taken before that event's commit, so by one of those); an event
   * older than `GAP_GRACE_SECONDS` is final in any case (a gap left by a rolled-back write).
   */
  async pendingEvents(subscription: Subscription, limit: number): Promise<PendingEvent[]> {
    const rows = await this.readEvents(subscription, limit, null);
    if (rows.length === 0) return [];
    const top = BigInt(rows[rows.length - 1]!.id);
    if (BigInt(rows[0]!.present) === top - BigInt(subscription.lastEventId)) return rows.map(toPendingEvent);
    if (await this.transactionsEnded(rows[0]!.snapshot)) {
      return (await this.readEvents(subscription, limit, String(top))).map(toPendingEvent);
    }
    const settled: EventRow[] = [];
    for (const row of rows) {
      if (!row.settled) break;
      settled.push(row);
    }
    return settled.map(toPendingEvent);
  }

  private async readEvents(
    subscription: Subscription,
    limit: number,
    upTo: string | null,
  ): Promise<EventRow[]> {
    return this.ds.query(
      `WITH picked AS (
         SELECT id, type, created_at, order_id, data FROM order_events
          WHERE tenant_id = $1 AND id > $2 AND type = ANY($3) AND ($5::bigint IS NULL OR id <= $5::bigint)
          ORDER BY id LIMIT $4
       )
       SELECT p.id, p.type, p.created_at, p.order_id, p.data,
              (SELECT count(*) FROM order_events e WHERE e.id > $2 AND e.id <= (SELECT max(id) FROM picked)) AS present,
              pg_current_snapshot()::text AS snapshot,
              p.created_at < clock_timestamp() - make_interval(secs => $6) AS settled
         FROM picked p ORDER BY p.id`,
      [subscription.tenantId, subscription.lastEventId, subscription.events, limit, upTo, GAP_GRACE_SECONDS],
    );
  }

  /** Waits (briefly) until every transaction in progress in `snapshot` has committed or rolled back. */
  private async transactionsEnded(snapshot: string, waitMs = 1_000): Promise<boolean> {
    const deadline = Date.now() + waitMs;
    for (;;) {
      const rows: { running: string }[] = await this.ds.query(
        `SELECT count(*) AS running FROM pg_snapshot_xip($1::pg_snapshot) AS x
          WHERE pg_xact_status(x) = 'in progress'`,
        [snapshot],
      );
      if (Number(rows[0]?.running ?? 0) === 0) return true;
      if (Date.now() >= deadline) return false;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  /** One event of the subscription's tenant and types, whatever the cursor (a dead letter's replay). */
  async event(subscription: Subscription, eventId: string): Promise<PendingEvent | null> {
    if (!/^\d+$/.test(eventId)) return null;
    const rows: EventRow[] = await this.ds.query(
      `SELECT id, type, created_at, order_id, data FROM order_events
        WHERE id = $1 AND tenant_id = $2 AND type = ANY($3)`,
      [eventId, subscription.tenantId, subscription.events],
    );
    return rows[0] ? toPendingEvent(rows[0]) : null;
  }

  async acknowledge(id: string, eventId: string): Promise<void> {
    await this.ds.query(
      'UPDATE subscriptions SET last_event_id = $2, head_attempts = 0, last_error = NULL WHERE id = $1 AND last_event_id < $2',
      [id, eventId],
    );
  }

  async recordFailure(id: string, error: string): Promise<number> {
    const rows: { head_attempts: number }[] = await this.ds.query(
      `WITH failed AS (
         UPDATE subscriptions SET head_attempts = head_attempts + 1, last_error = $2 WHERE id = $1 RETURNING head_attempts
       ) SELECT head_attempts FROM failed`,
      [id, error],
    );
    return rows[0]?.head_attempts ?? 0;
  }
}
