import type { HubConfig } from '../config';
import { ConnectorRegistry } from '../core/registry';
import { ShopifyIntegration } from './shopify';
import { WooCommerceIntegration } from './woocommerce';

/** Every connector the hub ships. A new platform is one folder and one line here. */
export function createConnectorRegistry(
  config: Pick<HubConfig, 'allowedStoreHosts' | 'httpTimeoutMs' | 'shopify'>,
): ConnectorRegistry {
  const isPlainHttpAllowed = (host: string) => config.allowedStoreHosts.includes(host.toLowerCase());
  return new ConnectorRegistry()
    .register(new WooCommerceIntegration({ httpTimeoutMs: config.httpTimeoutMs, isPlainHttpAllowed }))
    .register(
      new ShopifyIntegration({
        ...(config.shopify.apiKey ? { apiKey: config.shopify.apiKey } : {}),
        ...(config.shopify.apiSecret ? { apiSecret: config.shopify.apiSecret } : {}),
        httpTimeoutMs: config.httpTimeoutMs,
        isPlainHttpAllowed,
      }),
    );
}
