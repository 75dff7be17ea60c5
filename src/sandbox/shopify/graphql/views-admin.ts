import { formatUtcZ, zoneOffsetMinutes } from '../../common/time';
import type { BulkOperation } from '../bulk';
import { gid } from '../ids';
import type { Subscription } from '../webhooks';
import type { GqlContext } from './context';

const PLAN_NAMES = { standard: 'Basic', advanced: 'Advanced', plus: 'Shopify Plus' } as const;

export function shopView(ctx: GqlContext) {
  const s = ctx.store;
  const offset = zoneOffsetMinutes(Date.now(), s.timeZone);
  const sign = offset < 0 ? '-' : '+';
  const hhmm = `${String(Math.floor(Math.abs(offset) / 60)).padStart(2, '0')}${String(Math.abs(offset) % 60).padStart(2, '0')}`;
  return {
    __typename: 'Shop',
    id: gid('Shop', 48_379_854_997),
    name: 'Channel Hub Sandbox',
    email: 'owner@sandbox.example',
    contactEmail: 'support@sandbox.example',
    shopOwnerName: 'Sandbox Owner',
    description: 'Shopify sandbox of the Channel Hub',
    myshopifyDomain: s.shopDomain,
    url: `https://${s.shopDomain}`,
    primaryDomain: {
      id: gid('Domain', 1),
      host: s.shopDomain,
      url: `https://${s.shopDomain}`,
      sslEnabled: true,
    },
    currencyCode: s.currency.code,
    enabledPresentmentCurrencies: [...new Set([s.currency.code, 'EUR', 'GBP', 'JPY', 'KWD', 'CAD', 'AUD'])],
    ianaTimezone: s.timeZone,
    timezoneAbbreviation: s.timeZone === 'America/New_York' ? (offset === -240 ? 'EDT' : 'EST') : 'UTC',
    timezoneOffset: `${sign}${hhmm}`,
    timezoneOffsetMinutes: offset,
    taxesIncluded: s.options.taxesIncluded,
    taxShipping: true,
    plan: {
      displayName: PLAN_NAMES[s.options.plan],
      publicDisplayName: PLAN_NAMES[s.options.plan],
      partnerDevelopment: false,
      shopifyPlus: s.options.plan === 'plus',
    },
    weightUnit: 'GRAMS',
    unitSystem: 'METRIC_SYSTEM',
    setupRequired: false,
    checkoutApiSupported: true,
    orderNumberFormatPrefix: '#',
    orderNumberFormatSuffix: '',
    shipsToCountries: ['US', 'CA', 'GB', 'DE', 'FR', 'NL', 'JP', 'KW', 'AU'],
    createdAt: formatUtcZ(s.catalog.createdAt),
    updatedAt: formatUtcZ(s.catalog.createdAt),
    currencyFormats: {
      moneyFormat: '${{amount}}',
      moneyInEmailsFormat: '${{amount}} USD',
      moneyWithCurrencyFormat: '${{amount}} USD',
      moneyWithCurrencyInEmailsFormat: '${{amount}} USD',
    },
    billingAddress: {
      id: gid('ShopAddress', 1),
      address1: '1 Loopback Way',
      city: 'San Francisco',
      zip: '94105',
      country: 'United States',
      countryCodeV2: 'US',
      province: 'California',
      provinceCode: 'CA',
      formatted: ['1 Loopback Way', 'San Francisco CA 94105', 'United States'],
    },
  };
}

export function appInstallationView(ctx: GqlContext, scopes: string[]) {
  return {
    __typename: 'AppInstallation',
    id: gid('AppInstallation', 512_345_678_901),
    launchUrl: `https://admin.shopify.com/store/${ctx.store.shopDomain.replace('.myshopify.com', '')}/apps/channel-hub`,
    uninstallUrl: null,
    accessScopes: scopes.map((handle) => ({ handle, description: `Access scope ${handle}` })),
    activeSubscriptions: [],
    app: {
      __typename: 'App',
      id: gid('App', 1_354_745),
      title: 'Channel Hub',
      handle: 'channel-hub',
      apiKey: 'sandbox-api-key',
    },
  };
}

export function subscriptionView(sub: Subscription) {
  return {
    __typename: 'WebhookSubscription',
    id: gid('WebhookSubscription', sub.id),
    legacyResourceId: String(sub.id),
    topic: sub.topic,
    format: sub.format,
    includeFields: sub.includeFields,
    metafieldNamespaces: [],
    filter: sub.filter,
    callbackUrl: sub.callbackUrl,
    uri: sub.callbackUrl,
    endpoint: { __typename: 'WebhookHttpEndpoint', callbackUrl: sub.callbackUrl },
    apiVersion: { handle: sub.apiVersion, displayName: sub.apiVersion, supported: true },
    createdAt: formatUtcZ(sub.createdAt),
    updatedAt: formatUtcZ(sub.updatedAt),
  };
}

export function bulkView(op: BulkOperation) {
  return {
    __typename: 'BulkOperation',
    id: gid('BulkOperation', op.id),
    status: op.status,
    type: 'QUERY',
    query: op.query,
    errorCode: op.errorCode,
    createdAt: formatUtcZ(op.createdAt),
    completedAt: op.completedAt === null ? null : formatUtcZ(op.completedAt),
    objectCount: String(op.objectCount),
    rootObjectCount: String(op.rootObjectCount),
    fileSize: op.fileSize === null ? null : String(op.fileSize),
    url: op.url,
    partialDataUrl: null,
  };
}
