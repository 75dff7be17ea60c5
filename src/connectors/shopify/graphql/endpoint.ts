import { ChannelError } from '../../../core/errors';
import { SHOPIFY_API_VERSION, SHOPIFY_PLATFORM } from '../platform';

/**
 * The Admin GraphQL endpoint of a store: `https://{store}/admin/api/{version}/graphql.json`. Plain
 * http only for sandbox hosts the hub allows (`isPlainHttpAllowed`), never for a real store.
 */
export function graphqlEndpoint(storeUrl: string, isPlainHttpAllowed: (host: string) => boolean): string {
  let url: URL;
  try {
    url = new URL(storeUrl);
  } catch (cause) {
    throw new ChannelError('rejected', `not a store URL: ${JSON.stringify(storeUrl)}`, {
      platform: SHOPIFY_PLATFORM,
      cause,
    });
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isPlainHttpAllowed(url.hostname))) {
    throw new ChannelError('rejected', `Shopify stores are reached over https only (${url.origin})`, {
      platform: SHOPIFY_PLATFORM,
    });
  }
  return `${storeUrl.replace(/\/+$/, '')}/admin/api/${SHOPIFY_API_VERSION}/graphql.json`;
}
