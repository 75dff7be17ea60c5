import { ChannelError } from '../../core/errors';
import type { ConnectResult, StoreFacts } from '../../core/integration';
import { objectAt, textAt } from './graphql/answer';
import type { ShopifyGraphqlClient } from './graphql/client';
import { REQUIRED_SCOPES, SHOPIFY_API_VERSION, SHOPIFY_PLATFORM } from './platform';
import { SHOP_FACTS } from './queries/shop';

/** Whether a granted scope list covers `scope`; `write_x` implies `read_x`. */
export function hasScope(granted: readonly string[], scope: string): boolean {
  return (
    granted.includes(scope) || (scope.startsWith('read_') && granted.includes(`write_${scope.slice(5)}`))
  );
}

/**
 * Checks the access token against the store (a 401 becomes ChannelError `auth`) and reads its
 * facts: name, currency, time zone, plan, whether prices include tax, and the granted scopes,
 * with what will not work for each scope the hub needs but was not given.
 */
export async function connectStore(
  client: ShopifyGraphqlClient,
  credentials: Record<string, string>,
): Promise<ConnectResult> {
  const data = await client.request(SHOP_FACTS);
  const shop = objectAt(data.shop) ?? {};
  const currency = textAt(shop.currencyCode);
  if (currency === null) {
    throw new ChannelError('protocol', 'Shopify answered the shop query without a currency', {
      platform: SHOPIFY_PLATFORM,
    });
  }
  const plan = objectAt(shop.plan);
  const installation = objectAt(data.currentAppInstallation);
  const grantedScopes = (Array.isArray(installation?.accessScopes) ? installation.accessScopes : [])
    .map((scope) => textAt(objectAt(scope)?.handle))
    .filter((scope): scope is string => scope !== null);

  const missingScopes = REQUIRED_SCOPES.filter((required) => !hasScope(grantedScopes, required.scope)).map(
    ({ scope, consequence }) => ({ scope, consequence }),
  );
  const served = client.servedApiVersion;
  const warnings = [
    ...(served
      ? [
          `Shopify served API version ${served} instead of the pinned ${SHOPIFY_API_VERSION}: ` +
            'the pinned version is unknown to this store or no longer supported; update the connector',
        ]
      : []),
    ...(plan?.partnerDevelopment === true ? ['this is a development store'] : []),
  ];
  const facts: StoreFacts = {
    name: textAt(shop.name),
    currency,
    timezone: textAt(shop.ianaTimezone),
    taxesIncluded: typeof shop.taxesIncluded === 'boolean' ? shop.taxesIncluded : null,
    platformVersion: served ?? SHOPIFY_API_VERSION,
    plan: textAt(plan?.publicDisplayName) ?? textAt(plan?.displayName),
    grantedScopes,
    missingScopes,
    canWrite: REQUIRED_SCOPES.some((required) => required.write && hasScope(grantedScopes, required.scope)),
    warnings,
  };
  return {
    facts,
    credentials: { ...credentials },
    state: {
      apiVersion: SHOPIFY_API_VERSION,
      servedApiVersion: served,
      shopDomain: textAt(shop.myshopifyDomain),
    },
  };
}
