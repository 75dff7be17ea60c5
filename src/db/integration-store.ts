import type { DataSource } from 'typeorm';
import type { RegisteredWebhook, StoreFacts } from '../core/integration';
import { CredentialCipher } from './credential-cipher';
import { isUuid } from './order-store';

export type IntegrationStatus = 'active' | 'needs_attention' | 'paused' | 'disconnected';

export interface IntegrationOptions {
  syncIntervalSeconds: number;
  backfillSince: string;
  registerWebhooks: boolean;
}

export interface Integration {
  id: string;
  tenantId: string;
  platform: string;
  storeUrl: string;
  status: IntegrationStatus;
  statusReason: string | null;
  options: IntegrationOptions;
  facts: StoreFacts | Record<string, never>;
  connectorState: Record<string, unknown>;
  webhooks: RegisteredWebhook[];
  createdAt: string;
  updatedAt: string;
  deletedAt: string | null;
}

interface IntegrationRow {
  id: string;
  tenant_id: string;
  platform: string;
  store_url: string;
  status: IntegrationStatus;
  status_reason: string | null;
  options: IntegrationOptions;
  facts: StoreFacts | Record<string, never>;
  connector_state: Record<string, unknown>;
  webhooks: RegisteredWebhook[];
  created_at: Date;
  updated_at: Date;
  deleted_at: Date | null;
  credentials_sealed: string;
  credentials_key_id: string;
}

const COLUMNS = `id, tenant_id, platform, store_url, status, status_reason, options, facts, connector_state, webhooks,
  created_at, updated_at, deleted_at, credentials_sealed, credentials_key_id`;

function toIntegration(row: IntegrationRow): Integration {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    platform: row.platform,
    storeUrl: row.store_url,
    status: row.status,
    statusReason: row.status_reason,
    options: row.options,
    facts: row.facts,
    connectorState: row.connector_state,
    webhooks: row.webhooks,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    deletedAt: row.deleted_at ? row.deleted_at.toISOString() : null,
  };
}

/** The identity of a store for "already connected": host and path, lower-cased, without scheme or trailing slash. */
export function storeKey(storeUrl: string): string {
  const url = new URL(storeUrl);
  return `${url.host}${url.pathname.replace(/\/+$/, '')}`.toLowerCase();
}

export class IntegrationStore {
  constructor(
    private readonly ds: DataSource,
    private readonly cipher: CredentialCipher,
  ) {}

  async create(input: {
    id: string;
    tenantId: string;
    platform: string;
    storeUrl: string;
    options: IntegrationOptions;
    facts: StoreFacts;
    connectorState: Record<string, unknown>;
    credentials: Record<string, string>;
  }): Promise<Integration> {
    const sealed = this.cipher.seal(input.credentials, input.id);
    const rows: IntegrationRow[] = await this.ds.query(
      `INSERT INTO integrations (id, tenant_id, platform, store_url, store_key, options, facts, connector_state,
                                 credentials_sealed, credentials_key_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING ${COLUMNS}`,
      [
        input.id,
        input.tenantId,
        input.platform,
        input.storeUrl,
        storeKey(input.storeUrl),
        JSON.stringify(input.options),
        JSON.stringify(input.facts),
        JSON.stringify(input.connectorState),
        sealed.sealed,
        sealed.keyId,
      ],
    );
    return toIntegration(rows[0] as IntegrationRow);
  }

  async findLiveByStore(tenantId: string, platform: string, storeUrl: string): Promise<Integration | null> {
    const rows: IntegrationRow[] = await this.ds.query(
      `SELECT ${COLUMNS} FROM integrations WHERE tenant_id = $1 AND platform = $2 AND store_key = $3 AND deleted_at IS NULL`,
      [tenantId, platform, storeKey(storeUrl)],
    );
    return rows[0] ? toIntegration(rows[0]) : null;
  }

  /** A tenant's integration; another tenant's id answers null exactly like an unknown one. */
  async findForTenant(tenantId: string, id: string): Promise<Integration | null> {
    if (!isUuid(id)) return null;
    const rows: IntegrationRow[] = await this.ds.query(
      `SELECT ${COLUMNS} FROM integrations WHERE tenant_id = $1 AND id = $2 AND deleted_at IS NULL`,
      [tenantId, id],
    );
    return rows[0] ? toIntegration(rows[0]) : null;
  }

  async findById(id: string): Promise<Integration | null> {
    if (!isUuid(id)) return null;
    const rows: IntegrationRow[] = await this.ds.query(`SELECT ${COLUMNS} FROM integrations WHERE id = $1`, [
      id,
    ]);
    return rows[0] ? toIntegration(rows[0]) : null;
  }

  async listForTenant(tenantId: string): Promise<Integration[]> {
    const rows: IntegrationRow[] = await this.ds.query(
      `SELECT ${COLUMNS} FROM integrations WHERE tenant_id = $1 AND deleted_at IS NULL ORDER BY created_at`,
      [tenantId],
    );
    return rows.map(toIntegration);
  }

  async listLive(): Promise<Integration[]> {
    const rows: IntegrationRow[] = await this.ds.query(
      `SELECT ${COLUMNS} FROM integrations WHERE deleted_at IS NULL ORDER BY created_at`,
    );
    return rows.map(toIntegration);
  }

  /** Decrypted credentials; re-sealed under the active key when they were sealed under an older one. */
  async credentials(id: string): Promise<Record<string, string>> {
    const rows: { credentials_sealed: string; credentials_key_id: string }[] = await this.ds.query(
      'SELECT credentials_sealed, credentials_key_id FROM integrations WHERE id = $1',
      [id],
    );
    const row = rows[0];
    if (!row) throw new Error(`integration ${id} not found`);
    const secret = { keyId: row.credentials_key_id, sealed: row.credentials_sealed };
    const plain = this.cipher.open(secret, id);
    if (this.cipher.needsRotation(secret)) await this.setCredentials(id, plain);
    return plain;
  }

  async setCredentials(id: string, credentials: Record<string, string>): Promise<void> {
    const sealed = this.cipher.seal(credentials, id);
    await this.ds.query(
      'UPDATE integrations SET credentials_sealed = $2, credentials_key_id = $3, updated_at = now() WHERE id = $1',
      [id, sealed.sealed, sealed.keyId],
    );
  }

  async update(
    id: string,
    change: Partial<{
      status: IntegrationStatus;
      statusReason: string | null;
      options: IntegrationOptions;
      facts: StoreFacts;
      connectorState: Record<string, unknown>;
      webhooks: RegisteredWebhook[];
    }>,
  ): Promise<void> {
    const sets: string[] = [];
    const params: unknown[] = [id];
    const set = (column: string, value: unknown) => {
      params.push(value);
      sets.push(`${column} = $${params.length}`);
    };
    if (change.status !== undefined) set('status', change.status);
    if (change.statusReason !== undefined) set('status_reason', change.statusReason);
    if (change.options !== undefined) set('options', JSON.stringify(change.options));
    if (change.facts !== undefined) set('facts', JSON.stringify(change.facts));
    if (change.connectorState !== undefined) set('connector_state', JSON.stringify(change.connectorState));
    if (change.webhooks !== undefined) set('webhooks', JSON.stringify(change.webhooks));
    if (sets.length === 0) return;
    await this.ds.query(
      `UPDATE integrations SET ${sets.join(', ')}, updated_at = now() WHERE id = $1`,
      params,
    );
  }

  async markDeleted(id: string): Promise<void> {
    await this.ds.query(
      `UPDATE integrations SET deleted_at = now(), status = 'disconnected', updated_at = now() WHERE id = $1`,
      [id],
    );
  }
}
