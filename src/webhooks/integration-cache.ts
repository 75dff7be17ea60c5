import type { Integration } from '../db/integration-store';
import type { Hub } from '../hub';

export interface CachedIntegration {
  integration: Integration;
  credentials: Record<string, string>;
}

/**
 * The webhook path looks up an integration and its secret for every delivery; a short-lived cache
 * keeps that off PostgreSQL on the hot path and lets deliveries be accepted into Redis while
 * PostgreSQL is briefly away. Disconnecting or rotating credentials is seen within `ttlMs`.
 */
export class IntegrationCache {
  private readonly entries = new Map<string, { value: CachedIntegration | null; expires: number }>();

  constructor(
    private readonly hub: Hub,
    private readonly ttlMs = 10_000,
    private readonly maxEntries = 10_000,
  ) {}

  async get(integrationId: string): Promise<CachedIntegration | null> {
    const now = Date.now();
    const hit = this.entries.get(integrationId);
    if (hit && hit.expires > now) return hit.value;
    const integration = await this.hub.stores.integrations.findById(integrationId);
    const value =
      integration && integration.deletedAt === null
        ? { integration, credentials: await this.hub.stores.integrations.credentials(integrationId) }
        : null;
    if (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value as string);
    this.entries.set(integrationId, { value, expires: now + this.ttlMs });
    return value;
  }

  /** A stale entry, when PostgreSQL cannot be asked. */
  stale(integrationId: string): CachedIntegration | null {
    return this.entries.get(integrationId)?.value ?? null;
  }

  forget(integrationId: string): void {
    this.entries.delete(integrationId);
  }
}
