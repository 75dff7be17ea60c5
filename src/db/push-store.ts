import type { DataSource, EntityManager } from 'typeorm';
import type { JsonValue } from '../core/json';

export type PushKind = 'fulfillment' | 'cancel' | 'inventory';
export type PushStatus = 'pending' | 'queued' | 'running' | 'succeeded' | 'failed' | 'dead';

export interface PushRecord {
  id: string;
  tenantId: string;
  integrationId: string;
  orderId: string | null;
  kind: PushKind;
  payload: Record<string, JsonValue>;
  status: PushStatus;
  attempts: number;
  lastError: string | null;
  result: JsonValue | null;
  createdAt: string;
}

interface Row {
  id: string;
  tenant_id: string;
  integration_id: string;
  order_id: string | null;
  kind: PushKind;
  payload: Record<string, JsonValue>;
  status: PushStatus;
  attempts: number;
  last_error: string | null;
  result: JsonValue | null;
  created_at: Date;
}

const toRecord = (r: Row): PushRecord => ({
  id: r.id,
  tenantId: r.tenant_id,
  integrationId: r.integration_id,
  orderId: r.order_id,
  kind: r.kind,
  payload: r.payload,
  status: r.status,
  attempts: r.attempts,
  lastError: r.last_error,
  result: r.result,
  createdAt: r.created_at.toISOString(),
});

/** The push outbox: a push exists here, in the same transaction as the check that allowed it, before any queue sees it. */
export class PushStore {
  constructor(private readonly ds: DataSource) {}

  async insert(
    tx: EntityManager,
    push: {
      tenantId: string;
      integrationId: string;
      orderId: string | null;
      kind: PushKind;
      payload: Record<string, JsonValue>;
    },
  ): Promise<string> {
    const rows: { id: string }[] = await tx.query(
      `INSERT INTO push_outbox (tenant_id, integration_id, order_id, kind, payload) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
      [push.tenantId, push.integrationId, push.orderId, push.kind, JSON.stringify(push.payload)],
    );
    return rows[0]!.id;
  }

  async find(id: string): Promise<PushRecord | null> {
    const rows: Row[] = await this.ds.query('SELECT * FROM push_outbox WHERE id = $1', [id]);
    return rows[0] ? toRecord(rows[0]) : null;
  }

  async setStatus(
    id: string,
    status: PushStatus,
    change: { lastError?: string | null; result?: JsonValue; attempt?: boolean } = {},
  ): Promise<void> {
    await this.ds.query(
      `UPDATE push_outbox SET status = $2, last_error = COALESCE($3, last_error), result = COALESCE($4::jsonb, result),
         attempts = attempts + $5, updated_at = now() WHERE id = $1`,
      [
        id,
        status,
        change.lastError ?? null,
        change.result === undefined ? null : JSON.stringify(change.result),
        change.attempt ? 1 : 0,
      ],
    );
  }

  /**
   * Records that a push reached the queue. Only a push still `pending` changes: the worker may
   * already have started (or finished) it, and its status must not go back.
   */
  async markQueued(id: string): Promise<void> {
    await this.ds.query(
      `UPDATE push_outbox SET status = 'queued', updated_at = now() WHERE id = $1 AND status = 'pending'`,
      [id],
    );
  }

  /** Pushes written to the outbox but not yet queued (the process died in between): oldest first. */
  async unrelayed(olderThanMs: number, limit = 100): Promise<PushRecord[]> {
    const rows: Row[] = await this.ds.query(
      `SELECT * FROM push_outbox WHERE status = 'pending' AND created_at < now() - ($1 || ' milliseconds')::interval
        ORDER BY created_at LIMIT $2`,
      [String(olderThanMs), limit],
    );
    return rows.map(toRecord);
  }

  /** Pushes of an order that are still on their way (a cancel must not race a fulfilment). */
  async inFlightForOrder(tx: EntityManager, orderId: string): Promise<PushKind[]> {
    const rows: { kind: PushKind }[] = await tx.query(
      `SELECT kind FROM push_outbox WHERE order_id = $1 AND status IN ('pending', 'queued', 'running', 'failed')`,
      [orderId],
    );
    return rows.map((r) => r.kind);
  }
}
