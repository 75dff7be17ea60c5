import type { ConnectorContext, Lane } from '../core/integration';
import type { Integration } from '../db/integration-store';
import type { Hub } from '../hub';
import { checkStoreUrl } from './store-url-policy';

/** Builds what a connector needs to reach one store, re-checking the store URL rules each time. */
export async function connectorContextFor(
  hub: Hub,
  integration: Integration,
  lane: Lane,
  options: { credentials?: Record<string, string>; signal?: AbortSignal } = {},
): Promise<ConnectorContext> {
  const connector = hub.registry.get(integration.platform);
  const storeUrl = await checkStoreUrl(integration.storeUrl, hub.config.allowedStoreHosts);
  const log = hub.log.child({ integrationId: integration.id, platform: integration.platform });
  return {
    integrationId: integration.id,
    storeUrl,
    credentials: options.credentials ?? (await hub.stores.integrations.credentials(integration.id)),
    state: integration.connectorState,
    rateGate: hub.governor.gate(integration.id, connector.descriptor.rateBudget),
    lane,
    log: {
      info: (details, message) => log.info(details, message),
      warn: (details, message) => log.warn(details, message),
    },
    ...(options.signal ? { signal: options.signal } : {}),
  };
}
