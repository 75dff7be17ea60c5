import type { Integration } from '../db/integration-store';
import type { CompletenessReport } from '../db/sync-state-store';
import type { Hub } from '../hub';
import { LockLostError, type StoreLock } from '../queues/store-lock';
import { connectorContextFor } from '../services/connector-context';
import type { OrderWriter } from '../services/order-writer';

const HOUR_MS = 3_600_000;

/**
 * CompletenessCheck: per closed window, the channel's count of orders against the hub's. Where
 * they differ, the window's ids are listed, the missing orders fetched and written, and what was
 * missing is recorded. The newest window end up to which every window matched is "complete until".
 */
export class CompletenessCheck {
  constructor(
    private readonly hub: Hub,
    private readonly writer: OrderWriter,
  ) {}

  async run(
    integration: Integration,
    since: Date,
    lock: StoreLock,
    windowHours = 24,
  ): Promise<CompletenessReport> {
    const connector = this.hub.registry.get(integration.platform);
    const ctx = await connectorContextFor(this.hub, integration, 'backfill');
    const end = new Date(Date.now() - this.hub.config.syncOverlapSeconds * 1000);
    const report: CompletenessReport = { checkedAt: new Date().toISOString(), windows: [] };
    let completeUntil: Date | null = null;
    let contiguous = true;
    for (let from = since; from < end; from = new Date(from.getTime() + windowHours * HOUR_MS)) {
      const to = new Date(Math.min(end.getTime(), from.getTime() + windowHours * HOUR_MS));
      const window = { from, to };
      const channel = await connector.countOrders(ctx, window);
      const hub = await this.hub.stores.orders.countInWindow(integration.id, from, to);
      const healed: string[] = [];
      if (channel !== hub) {
        const known = await this.hub.stores.orders.externalIdsInWindow(integration.id, from, to);
        let cursor: string | null = null;
        do {
          const page = await connector.listOrders(ctx, { window, cursor });
          const missing = page.orders.filter((o) => !known.has(o.externalId));
          if (missing.length > 0) {
            await this.writer.write(integration, missing, 'completeness');
            healed.push(...missing.map((o) => o.externalId));
          }
          cursor = page.nextCursor;
          if (!(await lock.extend())) throw new LockLostError(`completeness check of ${integration.id}`);
        } while (cursor);
      }
      const after =
        healed.length > 0 ? await this.hub.stores.orders.countInWindow(integration.id, from, to) : hub;
      report.windows.push({ from: from.toISOString(), to: to.toISOString(), channel, hub, healed });
      if (contiguous && after >= channel) completeUntil = to;
      else contiguous = false;
    }
    const healedCount = report.windows.reduce((n, w) => n + w.healed.length, 0);
    if (healedCount > 0) {
      this.hub.log.warn(
        { integrationId: integration.id, healed: report.windows.filter((w) => w.healed.length > 0) },
        'completeness check found orders the hub had missed, and stored them',
      );
    }
    await this.hub.stores.syncState.saveCompleteness(integration.id, report, completeUntil);
    if (completeUntil) {
      this.hub.metrics.completeUntil.set(
        { integration: integration.id, platform: integration.platform },
        completeUntil.getTime() / 1000,
      );
    }
    return report;
  }
}
