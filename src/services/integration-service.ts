import { randomUUID } from 'node:crypto';
import { ChannelError, ConflictError, NotFoundError, ValidationError, isChannelError } from '../core/errors';
import type { BaseEcommerceIntegration, ConnectResult, ConnectorContext } from '../core/integration';
import type { Integration, IntegrationOptions } from '../db/integration-store';
import type { Hub } from '../hub';
import { QUEUES } from '../queues/names';
import { enqueueSync, removeSyncSchedules, upsertSyncSchedules } from '../queues/sync-schedules';
import { connectorContextFor } from './connector-context';
import { checkStoreUrl } from './store-url-policy';

export class StoreRejectedCredentialsError extends Error {
  readonly code = 'credentials_rejected';
  constructor(message: string) {
    super(message);
  }
}

export class StoreUnreachableError extends Error {
  readonly code = 'store_unreachable';
  constructor(message: string) {
    super(message);
  }
}

export interface ConnectRequest {
  platform: string;
  storeUrl: string;
  credentials: Record<string, unknown>;
  options?: Partial<IntegrationOptions>;
}

const DAY_MS = 86_400_000;

/** Connecting, changing and disconnecting stores: the setup endpoint's logic. */
export class IntegrationService {
  constructor(private readonly hub: Hub) {}

  private connector(platform: string): BaseEcommerceIntegration {
    if (!this.hub.registry.has(platform)) {
      throw new ValidationError(`unknown platform "${platform}"`, [
        { field: 'platform', message: `must be one of: ${this.hub.registry.platforms().join(', ')}` },
      ]);
    }
    return this.hub.registry.get(platform);
  }

  private credentialsFor(connector: BaseEcommerceIntegration, input: unknown): Record<string, string> {
    const parsed = connector.descriptor.credentialsSchema.safeParse(input);
    if (!parsed.success) {
      throw new ValidationError(
        'credentials do not fit this platform',
        parsed.error.issues.map((issue) => ({
          field: ['credentials', ...issue.path.map(String)].join('.'),
          message: issue.message,
        })),
      );
    }
    return parsed.data;
  }

  /** Checks credentials against the store; maps the store's answer to what the merchant can act on. */
  private async verify(connector: BaseEcommerceIntegration, ctx: ConnectorContext): Promise<ConnectResult> {
    try {
      return await connector.connect(ctx);
    } catch (error) {
      if (isChannelError(error)) {
        if (error.kind === 'auth' || error.kind === 'rejected') {
          throw new StoreRejectedCredentialsError(`the store rejected the credentials: ${error.message}`);
        }
        throw new StoreUnreachableError(`the store could not be reached: ${error.message}`);
      }
      throw error;
    }
  }

  private options(
    input: Partial<IntegrationOptions> | undefined,
    base?: IntegrationOptions,
  ): IntegrationOptions {
    return {
      syncIntervalSeconds:
        input?.syncIntervalSeconds ?? base?.syncIntervalSeconds ?? this.hub.config.syncDefaultIntervalSeconds,
      backfillSince:
        input?.backfillSince ?? base?.backfillSince ?? new Date(Date.now() - 60 * DAY_MS).toISOString(),
      registerWebhooks: input?.registerWebhooks ?? base?.registerWebhooks ?? true,
    };
  }

  async connect(tenantId: string, request: ConnectRequest): Promise<Integration> {
    const connector = this.connector(request.platform);
    const credentials = this.credentialsFor(connector, request.credentials);
    const storeUrl = await checkStoreUrl(request.storeUrl, this.hub.config.allowedStoreHosts);
    const options = this.options(request.options);
    const stores = this.hub.stores;
    if (await stores.integrations.findLiveByStore(tenantId, request.platform, storeUrl)) {
      throw new ConflictError(`this ${request.platform} store is already connected`);
    }
    const id = randomUUID();
    const draft = this.draft(id, tenantId, request.platform, storeUrl, options);
    const ctx = await connectorContextFor(this.hub, draft, 'operational', { credentials });
    const result = await this.verify(connector, ctx);

    let integration: Integration;
    try {
      integration = await stores.integrations.create({
        id,
        tenantId,
        platform: request.platform,
        storeUrl,
        options,
        facts: result.facts,
        connectorState: result.state,
        credentials: result.credentials,
      });
    } catch (error) {
      if ((error as { driverError?: { code?: string } }).driverError?.code === '23505') {
        throw new ConflictError(`this ${request.platform} store is already connected`);
      }
      throw error;
    }
    await this.afterConnect(integration, result.credentials);
    return (await stores.integrations.findById(id)) ?? integration;
  }

  /** Webhooks, schedules and the first backfill. A failure here does not undo the connection: sync repairs it. */
  private async afterConnect(integration: Integration, credentials: Record<string, string>): Promise<void> {
    const connector = this.connector(integration.platform);
    if (integration.options.registerWebhooks) {
      try {
        const ctx = await connectorContextFor(this.hub, integration, 'operational', { credentials });
        const repair = await connector.ensureWebhooks(
          ctx,
          this.hub.callbackUrl(integration.platform, integration.id),
        );
        await this.hub.stores.integrations.update(integration.id, { webhooks: repair.webhooks });
      } catch (error) {
        this.hub.log.warn(
          { integrationId: integration.id, err: (error as Error).message },
          'webhook registration failed; the next sync will retry it',
        );
        await this.hub.stores.integrations.update(integration.id, {
          statusReason: `webhooks not registered yet: ${(error as Error).message}`,
        });
      }
    }
    await upsertSyncSchedules(
      this.hub.queues[QUEUES.sync],
      integration.id,
      integration.options.syncIntervalSeconds,
    );
    await this.hub.queues[QUEUES.push].upsertJobScheduler(
      `catalog:${integration.id}`,
      { every: 6 * 3_600_000, immediately: true },
      { name: 'catalog', data: { integrationId: integration.id } },
    );
    await enqueueSync(this.hub.queues[QUEUES.sync], {
      integrationId: integration.id,
      mode: 'backfill',
      since: integration.options.backfillSince,
    });
  }

  private draft(
    id: string,
    tenantId: string,
    platform: string,
    storeUrl: string,
    options: IntegrationOptions,
  ): Integration {
    const now = new Date().toISOString();
    return {
      id,
      tenantId,
      platform,
      storeUrl,
      status: 'active',
      statusReason: null,
      options,
      facts: {},
      connectorState: {},
      webhooks: [],
      createdAt: now,
      updatedAt: now,
      deletedAt: null,
    };
  }

  async get(tenantId: string, id: string): Promise<Integration> {
    const integration = await this.hub.stores.integrations.findForTenant(tenantId, id);
    if (!integration) throw new NotFoundError('integration not found');
    return integration;
  }

  /** Changes options and/or rotates credentials (checked like a new connection); resumes a paused store. */
  async update(
    tenantId: string,
    id: string,
    change: { credentials?: Record<string, unknown>; options?: Partial<IntegrationOptions> },
  ): Promise<Integration> {
    const integration = await this.get(tenantId, id);
    const connector = this.connector(integration.platform);
    const options = this.options(change.options, integration.options);
    if (change.credentials) {
      const previous = await this.hub.stores.integrations.credentials(id);
      const credentials = { ...this.credentialsFor(connector, change.credentials) };
      if (previous.webhookSecret && !credentials.webhookSecret)
        credentials.webhookSecret = previous.webhookSecret;
      const ctx = await connectorContextFor(this.hub, integration, 'operational', { credentials });
      const result = await this.verify(connector, ctx);
      await this.hub.stores.integrations.setCredentials(id, result.credentials);
      await this.hub.stores.integrations.update(id, {
        facts: result.facts,
        connectorState: { ...integration.connectorState, ...result.state },
        status: 'active',
        statusReason: null,
      });
    }
    await this.hub.stores.integrations.update(id, { options });
    await upsertSyncSchedules(this.hub.queues[QUEUES.sync], id, options.syncIntervalSeconds);
    return this.get(tenantId, id);
  }

  /** Unsubscribes the store's webhooks, stops its schedules, keeps its orders. */
  async disconnect(tenantId: string, id: string): Promise<void> {
    const integration = await this.get(tenantId, id);
    const connector = this.connector(integration.platform);
    try {
      const ctx = await connectorContextFor(this.hub, integration, 'operational');
      await connector.removeWebhooks(ctx, this.hub.callbackUrl(integration.platform, id));
    } catch (error) {
      // The store may already have revoked us; the hub still lets go of it.
      this.hub.log.warn(
        { integrationId: id, err: (error as Error).message },
        'could not remove webhooks at the store',
      );
    }
    await removeSyncSchedules(this.hub.queues[QUEUES.sync], id);
    await this.hub.queues[QUEUES.push].removeJobScheduler(`catalog:${id}`);
    await this.hub.stores.integrations.markDeleted(id);
  }

  /** Marks a store as needing a person (revoked credentials): its schedules pause until credentials are rotated. */
  async needsAttention(integrationId: string, error: ChannelError): Promise<void> {
    await this.hub.stores.integrations.update(integrationId, {
      status: 'needs_attention',
      statusReason: `${error.message} — rotate the credentials with PATCH /v1/integrations/${integrationId}`,
    });
  }
}
