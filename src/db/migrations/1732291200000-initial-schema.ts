import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The hub's tables. Orders keep the canonical document, the raw payload and the channel's version. */
export class InitialSchema1732291200000 implements MigrationInterface {
  name = 'InitialSchema1732291200000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE tenants (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      );

      CREATE TABLE api_keys (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
        key_hash text NOT NULL UNIQUE,
        key_prefix text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        revoked_at timestamptz
      );

      CREATE TABLE integrations (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
        platform text NOT NULL,
        store_url text NOT NULL,
        store_key text NOT NULL,
        status text NOT NULL DEFAULT 'active'
          CHECK (status IN ('active', 'needs_attention', 'paused', 'disconnected')),
        status_reason text,
        options jsonb NOT NULL DEFAULT '{}',
        facts jsonb NOT NULL DEFAULT '{}',
        connector_state jsonb NOT NULL DEFAULT '{}',
        credentials_sealed text NOT NULL,
        credentials_key_id text NOT NULL,
        webhooks jsonb NOT NULL DEFAULT '[]',
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        deleted_at timestamptz
      );
      CREATE UNIQUE INDEX integrations_one_live_per_store
        ON integrations (tenant_id, platform, store_key) WHERE deleted_at IS NULL;

      CREATE TABLE orders (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
        integration_id uuid NOT NULL REFERENCES integrations(id) ON DELETE CASCADE,
        channel text NOT NULL,
        external_id text NOT NULL,
        order_number text NOT NULL,
        status text NOT NULL,
        previous_status text,
        channel_updated_at timestamptz(3) NOT NULL,
        content_hash text NOT NULL,
        canonical jsonb NOT NULL,
        raw jsonb NOT NULL,
        deleted_at timestamptz,
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT orders_one_per_channel_id UNIQUE (integration_id, external_id)
      );
      CREATE INDEX orders_tenant_recent ON orders (tenant_id, updated_at DESC, id DESC);
      CREATE INDEX orders_integration_channel_time ON orders (integration_id, channel_updated_at);

      CREATE TABLE order_history (
        id bigserial PRIMARY KEY,
        order_id uuid NOT NULL REFERENCES orders(id) ON DELETE CASCADE,
        at timestamptz NOT NULL DEFAULT clock_timestamp(),
        status text NOT NULL,
        previous_status text,
        source text NOT NULL CHECK (source IN ('webhook', 'sync', 'backfill', 'push', 'remap', 'completeness')),
        channel_updated_at timestamptz(3) NOT NULL,
        version integer NOT NULL
      );
      -- Large documents: lz4 compresses several times faster than the default pglz.
      ALTER TABLE orders ALTER COLUMN raw SET COMPRESSION lz4, ALTER COLUMN canonical SET COMPRESSION lz4;
      CREATE INDEX order_history_by_order ON order_history (order_id, id);

      CREATE TABLE order_events (
        id bigserial PRIMARY KEY,
        tenant_id uuid NOT NULL,
        integration_id uuid NOT NULL,
        order_id uuid NOT NULL REFERENCES orders(id) ON DELETE CASCADE,
        type text NOT NULL,
        order_version integer NOT NULL,
        source text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        data jsonb NOT NULL,
        dispatched_at timestamptz
      );
      ALTER TABLE order_events ALTER COLUMN data SET COMPRESSION lz4;
      CREATE INDEX order_events_undispatched ON order_events (id) WHERE dispatched_at IS NULL;

      CREATE TABLE sync_state (
        integration_id uuid PRIMARY KEY REFERENCES integrations(id) ON DELETE CASCADE,
        cursor jsonb,
        last_run_at timestamptz,
        last_success_at timestamptz,
        last_error text,
        consecutive_failures integer NOT NULL DEFAULT 0,
        orders_synced bigint NOT NULL DEFAULT 0,
        backfill jsonb,
        completeness jsonb,
        complete_until timestamptz,
        updated_at timestamptz NOT NULL DEFAULT now()
      );

      CREATE TABLE webhook_deliveries (
        id bigserial PRIMARY KEY,
        integration_id uuid NOT NULL REFERENCES integrations(id) ON DELETE CASCADE,
        platform text NOT NULL,
        topic text NOT NULL,
        delivery_key text NOT NULL,
        event_key text,
        order_external_id text,
        received_at timestamptz NOT NULL,
        headers jsonb NOT NULL,
        body bytea NOT NULL,
        status text NOT NULL CHECK (status IN ('inbox', 'accepted', 'processed', 'ignored', 'quarantined', 'failed')),
        reason text,
        processed_at timestamptz,
        CONSTRAINT webhook_deliveries_once UNIQUE (integration_id, delivery_key)
      );
      ALTER TABLE webhook_deliveries ALTER COLUMN body SET COMPRESSION lz4;
      CREATE INDEX webhook_deliveries_by_time ON webhook_deliveries (integration_id, received_at);
      CREATE INDEX webhook_deliveries_inbox ON webhook_deliveries (id) WHERE status = 'inbox';
      CREATE INDEX webhook_deliveries_quarantine ON webhook_deliveries (received_at) WHERE status = 'quarantined';

      CREATE TABLE dead_letters (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        tenant_id uuid,
        integration_id uuid,
        queue text NOT NULL,
        job_name text NOT NULL,
        job_id text,
        payload jsonb NOT NULL,
        error text NOT NULL,
        attempts integer NOT NULL,
        context jsonb NOT NULL DEFAULT '{}',
        created_at timestamptz NOT NULL DEFAULT now(),
        replayed_at timestamptz,
        replay_job_id text
      );
      CREATE INDEX dead_letters_by_tenant ON dead_letters (tenant_id, created_at DESC);

      CREATE TABLE push_outbox (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
        integration_id uuid NOT NULL REFERENCES integrations(id) ON DELETE CASCADE,
        order_id uuid REFERENCES orders(id) ON DELETE CASCADE,
        kind text NOT NULL CHECK (kind IN ('fulfillment', 'cancel', 'inventory')),
        payload jsonb NOT NULL,
        status text NOT NULL DEFAULT 'pending'
          CHECK (status IN ('pending', 'queued', 'running', 'succeeded', 'failed', 'dead')),
        attempts integer NOT NULL DEFAULT 0,
        last_error text,
        result jsonb,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX push_outbox_pending ON push_outbox (created_at) WHERE status = 'pending';

      CREATE TABLE subscriptions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
        url text NOT NULL,
        events text[] NOT NULL,
        secret_sealed text NOT NULL,
        secret_key_id text NOT NULL,
        last_event_id bigint NOT NULL DEFAULT 0,
        head_attempts integer NOT NULL DEFAULT 0,
        last_error text,
        created_at timestamptz NOT NULL DEFAULT now(),
        deleted_at timestamptz
      );

      CREATE TABLE inventory_levels (
        integration_id uuid NOT NULL REFERENCES integrations(id) ON DELETE CASCADE,
        sku text NOT NULL,
        location_external_id text,
        available integer NOT NULL,
        observed_at timestamptz(6) NOT NULL,
        pushed_observed_at timestamptz(6),
        last_result jsonb,
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (integration_id, sku)
      );
      CREATE INDEX inventory_levels_pending ON inventory_levels (integration_id)
        WHERE pushed_observed_at IS NULL OR pushed_observed_at < observed_at;

      CREATE TABLE catalog_entries (
        integration_id uuid NOT NULL REFERENCES integrations(id) ON DELETE CASCADE,
        sku text NOT NULL,
        product_external_id text NOT NULL,
        variant_external_id text,
        inventory_item_external_id text,
        location_external_ids text[] NOT NULL DEFAULT '{}',
        manages_stock boolean NOT NULL,
        available integer,
        refreshed_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (integration_id, sku)
      );
      CREATE INDEX catalog_entries_by_sku ON catalog_entries (sku);
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`
      DROP TABLE IF EXISTS inventory_levels, catalog_entries, subscriptions, push_outbox, dead_letters, webhook_deliveries,
        sync_state, order_events, order_history, orders, integrations, api_keys, tenants;
    `);
  }
}
