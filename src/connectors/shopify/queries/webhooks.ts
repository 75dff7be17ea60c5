import { shopifyDocument } from '../graphql/document';
import { PAGE_SIZES } from '../platform';

const SUBSCRIPTION = 'id topic uri format apiVersion { handle }';

export const WEBHOOK_SUBSCRIPTIONS = shopifyDocument(
  'WebhookSubscriptions',
  210,
  `query WebhookSubscriptions($after: String) {
    webhookSubscriptions(first: ${PAGE_SIZES.webhookSubscriptions}, after: $after) {
      pageInfo { hasNextPage endCursor }
      nodes { ${SUBSCRIPTION} }
    }
  }`,
);

/** Created in the pinned API version (the version of the request); `uri` replaces `callbackUrl`. */
export const WEBHOOK_SUBSCRIPTION_CREATE = shopifyDocument(
  'WebhookSubscriptionCreate',
  10,
  `mutation WebhookSubscriptionCreate($topic: WebhookSubscriptionTopic!, $subscription: WebhookSubscriptionInput!) {
    webhookSubscriptionCreate(topic: $topic, webhookSubscription: $subscription) {
      webhookSubscription { ${SUBSCRIPTION} }
      userErrors { field message }
    }
  }`,
);

export const WEBHOOK_SUBSCRIPTION_DELETE = shopifyDocument(
  'WebhookSubscriptionDelete',
  10,
  `mutation WebhookSubscriptionDelete($id: ID!) {
    webhookSubscriptionDelete(id: $id) {
      deletedWebhookSubscriptionId
      userErrors { field message }
    }
  }`,
);
