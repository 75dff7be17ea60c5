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

/** How an integration's `statusReason` starts while its webhooks are missing (syncs keep it complete). */
export const WEBHOOKS_NOT_REGISTERED = 'webhooks not registered yet';

/** A store whose key may only read: the hub cannot subscribe to its webhooks, and does not try. */
export function cannotRegisterWebhooks(integration: Integration): string | null {
  if (!('canWrite' in integration.facts) || integration.facts.canWrite !== false) return null;
  return `${WEBHOOKS_NOT_REGISTERED}: the store's key may not write; orders arrive by scheduled sync only until a read/write key is set with PATCH /v1/integrations/${integration.id}`;
}

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

  /**
   * Checks the platform, the credentials' shape and the store URL together, so that one answer
   * names every bad field instead of the first one only.
   */
  private async validated(
    request: ConnectRequest,
  ): Promise<{ connector: BaseEcommerceIntegration; credentials: Record<string, string>; storeUrl: string }> {
    const problems: { field: string; message: string }[] = [];
    const attempt = async <T>(check: () => T | Promise<T>): Promise<T | undefined> => {
      try {
        return await check();
      } catch (error) {
        if (!(error instanceof ValidationError)) throw error;
        problems.push(...error.details);
        return undefined;
      }
    };
    const connector = await attempt(() => this.connector(request.platform));
    const credentials = connector
      ? await attempt(() => this.credentialsFor(connector, request.credentials))
      : undefined;
    const storeUrl = await attempt(() => checkStoreUrl(request.storeUrl, this.hub.config.allowedStoreHosts));
    if (!connector || !credentials || storeUrl === undefined) {
      throw new ValidationError(
        `the connection request does not fit: ${problems.map((p) => `${p.field} ${p.message}`).join('; ')}`,
        problems,
      );
    }
    return { connector, credentials, storeUrl };
  }

  async connect(tenantId: string, request: ConnectRequest): Promise<Integration> {
    const { connector, credentials, storeUrl } = await this.validated(request);
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
    const readOnly = cannotRegisterWebhooks(integration);
    if (integration.options.registerWebhooks && readOnly) {
      await this.hub.stores.integrations.update(integration.id, { statusReason: readOnly });
    } else if (integration.options.registerWebhooks) {
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
          statusReason: `${WEBHOOKS_NOT_REGISTERED}: ${(error as Error).message}`,
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
      { every: 6 * 3_600_000 },
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
