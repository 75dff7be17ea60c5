import { createHash, randomBytes } from 'node:crypto';
import type { DataSource } from 'typeorm';

export interface Tenant {
  id: string;
  name: string;
  createdAt: string;
}

const KEY_PREFIX = 'chk_';

/** API keys are shown once and stored only as a SHA-256 hash (they are 256-bit random, so no salt is needed). */
export function hashApiKey(apiKey: string): string {
  return createHash('sha256').update(apiKey).digest('hex');
}

export class TenantStore {
  constructor(private readonly ds: DataSource) {}

  async create(name: string): Promise<{ tenant: Tenant; apiKey: string }> {
    const apiKey = `${KEY_PREFIX}${randomBytes(32).toString('base64url')}`;
    return this.ds.transaction(async (tx) => {
      const [row]: { id: string; name: string; created_at: Date }[] = await tx.query(
        'INSERT INTO tenants (name) VALUES ($1) RETURNING id, name, created_at',
        [name],
      );
      if (!row) throw new Error('tenant insert returned nothing');
      await tx.query('INSERT INTO api_keys (tenant_id, key_hash, key_prefix) VALUES ($1, $2, $3)', [
        row.id,
        hashApiKey(apiKey),
        apiKey.slice(0, 10),
      ]);
      return { tenant: { id: row.id, name: row.name, createdAt: row.created_at.toISOString() }, apiKey };
    });
  }

  /** The tenant owning a live API key, or null. */
  async authenticate(apiKey: string): Promise<Tenant | null> {
    if (!apiKey.startsWith(KEY_PREFIX)) return null;
    const rows: { id: string; name: string; created_at: Date }[] = await this.ds.query(
      `SELECT t.id, t.name, t.created_at FROM api_keys k JOIN tenants t ON t.id = k.tenant_id
        WHERE k.key_hash = $1 AND k.revoked_at IS NULL`,
      [hashApiKey(apiKey)],
    );
    const row = rows[0];
    return row ? { id: row.id, name: row.name, createdAt: row.created_at.toISOString() } : null;
  }
}
