import { checkOrderIdentities } from '../core/canonical/identities';
import type { CanonicalOrder } from '../core/canonical/types';
import { assertCanonicalOrder } from '../core/canonical/validate';
import type { BaseEcommerceIntegration, RawOrder } from '../core/integration';
import type { JsonValue } from '../core/json';
import type { Integration } from '../db/integration-store';
import type { OrderSource, OrderWrite, OrderWriteResult } from '../db/order-store';
import type { Hub } from '../hub';
import { MicroBatcher } from './micro-batch';

/**
 * A channel order the hub cannot keep: the mappers cannot turn it into a canonical order (a field
 * missing, a shape no mapper knows, a schema violation), or PostgreSQL refuses its data (a date
 * outside its calendar). Trying again gives the same answer, so the caller keeps the order for
 * inspection instead of retrying it.
 */
export class UnusableOrderError extends Error {
  constructor(
    readonly externalId: string,
    step: 'mapped' | 'stored',
    cause: unknown,
  ) {
    super(`order ${externalId} cannot be ${step}: ${(cause as Error).message}`, { cause });
    this.name = 'UnusableOrderError';
  }
}

type WebhookWriteOutcome = OrderWriteResult | undefined | Error;

/**
 * The one path from a raw channel order to PostgreSQL, for webhooks, sync, backfill and remap:
 * map (pure), check against the canonical schema, warn on broken identities, upsert in one batch.
 */
export class OrderWriter {
  /** Single-order writes from concurrent webhook jobs, sharing one upsert statement per few milliseconds. */
  private readonly webhookBatcher: MicroBatcher<OrderWrite, WebhookWriteOutcome>;

  constructor(private readonly hub: Hub) {
    this.webhookBatcher = new MicroBatcher((writes) => this.upsertWebhookWrites(writes));
  }

  /**
   * One order from a webhook; batched with other concurrent webhook writes into one statement.
   * Throws UnusableOrderError when the order cannot be mapped or stored, whatever the attempt.
   */
  async writeOne(integration: Integration, raw: RawOrder): Promise<OrderWriteResult | undefined> {
    const connector = this.hub.registry.get(integration.platform);
    let canonical: CanonicalOrder;
    try {
      canonical = this.map(connector, raw.payload, raw.deleted);
    } catch (error) {
      throw new UnusableOrderError(raw.externalId, 'mapped', error);
    }
    const write = {
      tenantId: integration.tenantId,
      integrationId: integration.id,
      canonical,
      raw: raw.payload,
    };
    const result = await this.webhookBatcher.submit(write);
    if (result instanceof Error) throw result;
    if (result)
      this.hub.metrics.ordersWritten.inc({
        platform: integration.platform,
        source: 'webhook',
        outcome: result.outcome,
      });
    return result;
  }

  /**
   * One statement for the batch. When PostgreSQL refuses it, each write goes again on its own, so
   * that an order it cannot store fails alone instead of failing every order that shared its statement.
   */
  private async upsertWebhookWrites(writes: OrderWrite[]): Promise<WebhookWriteOutcome[]> {
    let results: OrderWriteResult[];
    try {
      results = await this.hub.stores.orders.upsert(writes, 'webhook');
    } catch (error) {
      if (writes.length === 1) return [await this.refused(writes[0]!, error)];
      return Promise.all(
        writes.map((write) =>
          this.hub.stores.orders.upsert([write], 'webhook').then(
            ([result]) => result,
            (alone: unknown) => this.refused(write, alone),
          ),
        ),
      );
    }
    const byKey = new Map(results.map((r) => [`${r.integrationId}:${r.externalId}`, r]));
    return writes.map((w) => byKey.get(`${w.integrationId}:${w.canonical.externalId}`));
  }

  /**
   * What a write PostgreSQL refused on its own comes to. Text holding U+0000 (which neither text
   * nor jsonb can hold) is stored without it: the raw delivery keeps the exact bytes. Any other
   * data exception (SQLSTATE class 22) refuses the order for good; other errors may pass (retried).
   */
  private async refused(write: OrderWrite, error: unknown): Promise<WebhookWriteOutcome> {
    const code = sqlState(error);
    if (code === UNTRANSLATABLE_CHARACTER) {
      const clean = { ...write, canonical: withoutNul(write.canonical), raw: withoutNul(write.raw) };
      if (clean.canonical !== write.canonical || clean.raw !== write.raw) {
        return this.hub.stores.orders.upsert([clean], 'webhook').then(
          ([result]) => result,
          (again: unknown) => this.refused(clean, again),
        );
      }
    }
    if (code?.startsWith('22')) return new UnusableOrderError(write.canonical.externalId, 'stored', error);
    return error instanceof Error ? error : new Error(String(error));
  }

  map(connector: BaseEcommerceIntegration, payload: JsonValue, deleted = false): CanonicalOrder {
    const order = connector.mapOrder(payload);
    if (deleted && order.deletedAt === null) order.deletedAt = order.updatedAt;
    assertCanonicalOrder(order);
    const breaks = checkOrderIdentities(order);
    if (breaks.length > 0) {
      this.hub.log.warn(
        { channel: order.channel, externalId: order.externalId, breaks },
        'the channel’s figures break a canonical identity; its total is kept',
      );
    }
    return order;
  }

  async write(
    integration: Integration,
    orders: RawOrder[],
    source: OrderSource,
  ): Promise<OrderWriteResult[]> {
    if (orders.length === 0) return [];
    const connector = this.hub.registry.get(integration.platform);
    const writes = orders.map((raw) => ({
      tenantId: integration.tenantId,
      integrationId: integration.id,
      canonical: this.map(connector, raw.payload, raw.deleted),
      raw: raw.payload,
    }));
    const results = await this.hub.stores.orders.upsert(writes, source);
    for (const r of results) {
      this.hub.metrics.ordersWritten.inc({ platform: integration.platform, source, outcome: r.outcome });
    }
    return results;
  }
}

/** PostgreSQL's "unsupported Unicode escape sequence": a U+0000 in jsonb. */
const UNTRANSLATABLE_CHARACTER = '22P05';

function sqlState(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** The value with U+0000 removed from every string and key; the same object when there is none. */
export function withoutNul<T>(value: T): T {
  if (typeof value === 'string')
    return (value.includes('\u0000') ? value.replaceAll('\u0000', '') : value) as T;
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) {
    const items = value.map(withoutNul);
    return (items.some((item, i) => item !== value[i]) ? items : value) as T;
  }
  const entries = Object.entries(value).map(([key, item]) => [withoutNul(key), withoutNul(item)] as const);
  const changed = entries.some(
    ([key, item]) => !(key in value) || item !== (value as Record<string, unknown>)[key],
  );
  return (changed ? Object.fromEntries(entries) : value) as T;
}
