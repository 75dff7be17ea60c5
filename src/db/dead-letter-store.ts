import type { DataSource } from 'typeorm';
import type { JsonValue } from '../core/json';

export interface DeadLetter {
  id: string;
  tenantId: string | null;
  integrationId: string | null;
  queue: string;
  jobName: string;
  jobId: string | null;
  payload: JsonValue;
  error: string;
  attempts: number;
  context: Record<string, JsonValue>;
  createdAt: string;
  replayedAt: string | null;
  replayJobId: string | null;
}

interface Row {
  id: string;
  tenant_id: string | null;
  integration_id: string | null;
  queue: string;
  job_name: string;
  job_id: string | null;
  payload: JsonValue;
  error: string;
  attempts: number;
  context: Record<string, JsonValue>;
  created_at: Date;
  replayed_at: Date | null;
  replay_job_id: string | null;
}

const toDeadLetter = (r: Row): DeadLetter => ({
  id: r.id,
  tenantId: r.tenant_id,
  integrationId: r.integration_id,
  queue: r.queue,
  jobName: r.job_name,
  jobId: r.job_id,
  payload: r.payload,
  error: r.error,
  attempts: r.attempts,
  context: r.context,
  createdAt: r.created_at.toISOString(),
  replayedAt: r.replayed_at ? r.replayed_at.toISOString() : null,
  replayJobId: r.replay_job_id,
});

export class DeadLetterStore {
  constructor(private readonly ds: DataSource) {}

  async add(letter: Omit<DeadLetter, 'id' | 'createdAt' | 'replayedAt' | 'replayJobId'>): Promise<string> {
    const rows: { id: string }[] = await this.ds.query(
      `INSERT INTO dead_letters (tenant_id, integration_id, queue, job_name, job_id, payload, error, attempts, context)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
      [
        letter.tenantId,
        letter.integrationId,
        letter.queue,
        letter.jobName,
        letter.jobId,
        JSON.stringify(letter.payload),
        letter.error,
        letter.attempts,
        JSON.stringify(letter.context),
      ],
    );
    return rows[0]!.id;
  }

  /** A tenant's dead letters (all of them for an operator when tenantId is null). */
  async list(tenantId: string | null, limit = 100): Promise<DeadLetter[]> {
    const rows: Row[] = tenantId
      ? await this.ds.query(
          'SELECT * FROM dead_letters WHERE tenant_id = $1 ORDER BY created_at DESC LIMIT $2',
          [tenantId, limit],
        )
      : await this.ds.query('SELECT * FROM dead_letters ORDER BY created_at DESC LIMIT $1', [limit]);
    return rows.map(toDeadLetter);
  }

  async find(tenantId: string | null, id: string): Promise<DeadLetter | null> {
    if (!/^[0-9a-f-]{36}$/i.test(id)) return null;
    const rows: Row[] = tenantId
      ? await this.ds.query('SELECT * FROM dead_letters WHERE tenant_id = $1 AND id = $2', [tenantId, id])
      : await this.ds.query('SELECT * FROM dead_letters WHERE id = $1', [id]);
    return rows[0] ? toDeadLetter(rows[0]) : null;
  }

  async markReplayed(id: string, jobId: string): Promise<void> {
    await this.ds.query('UPDATE dead_letters SET replayed_at = now(), replay_job_id = $2 WHERE id = $1', [
      id,
      jobId,
    ]);
  }
}
