import type { DataSource } from 'typeorm';

export interface SyncCursor {
  /** Incremental sync resumes from here: orders updated at or after `updatedAt` (minus the overlap). */
  updatedAt: string;
  /** Ids already seen at exactly `updatedAt`, tie-breakers for channels with coarse timestamps. */
  externalId: string | null;
  /** The window being paged and the page cursor inside it, so a crash resumes from the last page. */
  window: { from: string; to: string; pageCursor: string | null } | null;
}

export interface BackfillProgress {
  since: string;
  until: string;
  windowHours: number;
  windowsTotal: number;
  windowsDone: number;
  /** Windows are done newest first; the next one to do ends here. */
  nextWindowEnd: string | null;
  pageCursor: string | null;
  ordersSoFar: number;
  startedAt: string;
  finishedAt: string | null;
  estimatedFinishAt: string | null;
  mode: 'pages' | 'bulk';
  bulkOperationId: string | null;
}

export interface CompletenessReport {
  checkedAt: string;
  windows: { from: string; to: string; channel: number; hub: number; healed: string[] }[];
}

export interface SyncState {
  integrationId: string;
  cursor: SyncCursor | null;
  lastRunAt: string | null;
  lastSuccessAt: string | null;
  lastError: string | null;
  consecutiveFailures: number;
  ordersSynced: number;
  backfill: BackfillProgress | null;
  completeness: CompletenessReport | null;
  completeUntil: string | null;
}

interface Row {
  integration_id: string;
  cursor: SyncCursor | null;
  last_run_at: Date | null;
  last_success_at: Date | null;
  last_error: string | null;
  consecutive_failures: number;
  orders_synced: string;
  backfill: BackfillProgress | null;
  completeness: CompletenessReport | null;
  complete_until: Date | null;
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export class SyncStateStore {
  constructor(private readonly ds: DataSource) {}

  async get(integrationId: string): Promise<SyncState> {
    const rows: Row[] = await this.ds.query('SELECT * FROM sync_state WHERE integration_id = $1', [
      integrationId,
    ]);
    const r = rows[0];
    if (!r) {
      return {
        integrationId,
        cursor: null,
        lastRunAt: null,
        lastSuccessAt: null,
        lastError: null,
        consecutiveFailures: 0,
        ordersSynced: 0,
        backfill: null,
        completeness: null,
        completeUntil: null,
      };
    }
    return {
      integrationId,
      cursor: r.cursor,
      lastRunAt: iso(r.last_run_at),
      lastSuccessAt: iso(r.last_success_at),
      lastError: r.last_error,
      consecutiveFailures: r.consecutive_failures,
      ordersSynced: Number(r.orders_synced),
      backfill: r.backfill,
      completeness: r.completeness,
      completeUntil: iso(r.complete_until),
    };
  }

  /** Saves a checkpoint: the cursor after a page, and the orders it wrote. */
  async checkpoint(integrationId: string, cursor: SyncCursor, ordersWritten: number): Promise<void> {
    await this.ds.query(
      `INSERT INTO sync_state (integration_id, cursor, orders_synced, last_run_at) VALUES ($1, $2, $3, now())
       ON CONFLICT (integration_id) DO UPDATE SET cursor = $2, orders_synced = sync_state.orders_synced + $3,
         last_run_at = now(), updated_at = now()`,
      [integrationId, JSON.stringify(cursor), ordersWritten],
    );
  }

  async saveBackfill(
    integrationId: string,
    progress: BackfillProgress | null,
    ordersWritten = 0,
  ): Promise<void> {
    await this.ds.query(
      `INSERT INTO sync_state (integration_id, backfill, orders_synced) VALUES ($1, $2, $3)
       ON CONFLICT (integration_id) DO UPDATE SET backfill = $2, orders_synced = sync_state.orders_synced + $3, updated_at = now()`,
      [integrationId, progress === null ? null : JSON.stringify(progress), ordersWritten],
    );
  }

  async recordSuccess(integrationId: string): Promise<void> {
    await this.ds.query(
      `INSERT INTO sync_state (integration_id, last_run_at, last_success_at) VALUES ($1, now(), now())
       ON CONFLICT (integration_id) DO UPDATE SET last_run_at = now(), last_success_at = now(), last_error = NULL,
         consecutive_failures = 0, updated_at = now()`,
      [integrationId],
    );
  }

  async recordFailure(integrationId: string, error: string): Promise<number> {
    const rows: { consecutive_failures: number }[] = await this.ds.query(
      `INSERT INTO sync_state (integration_id, last_run_at, last_error, consecutive_failures) VALUES ($1, now(), $2, 1)
       ON CONFLICT (integration_id) DO UPDATE SET last_run_at = now(), last_error = $2,
         consecutive_failures = sync_state.consecutive_failures + 1, updated_at = now()
       RETURNING consecutive_failures`,
      [integrationId, error],
    );
    return rows[0]?.consecutive_failures ?? 1;
  }

  async saveCompleteness(
    integrationId: string,
    report: CompletenessReport,
    completeUntil: Date | null,
  ): Promise<void> {
    await this.ds.query(
      `INSERT INTO sync_state (integration_id, completeness, complete_until) VALUES ($1, $2, $3)
       ON CONFLICT (integration_id) DO UPDATE SET completeness = $2,
         complete_until = GREATEST(sync_state.complete_until, $3), updated_at = now()`,
      [integrationId, JSON.stringify(report), completeUntil],
    );
  }
}
