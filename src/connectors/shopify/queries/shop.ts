import { shopifyDocument } from '../graphql/document';

/** What `connect` reads: the shop's facts and the scopes granted to the app. */
export const SHOP_FACTS = shopifyDocument(
  'ShopFacts',
  5,
  `query ShopFacts {
    shop {
      name myshopifyDomain currencyCode ianaTimezone taxesIncluded
      plan { publicDisplayName partnerDevelopment shopifyPlus }
    }
    currentAppInstallation { accessScopes { handle } }
  }`,
);
