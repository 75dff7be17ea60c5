import { z } from 'zod';
import type { ConnectorDescriptor } from '../../core/integration';
import { COST_DEFAULTS, SHOPIFY_PLATFORM } from './platform';

/** An Admin API access token, and the app's API secret key, which signs the webhooks. */
export const shopifyCredentialsSchema = z.object({
  accessToken: z.string().trim().min(1, 'the Admin API access token (shpat_…, shpca_…) is required'),
  apiSecretKey: z.string().trim().min(1, "the app's API secret key (it signs the webhooks) is required"),
});

export const SHOPIFY_DESCRIPTOR: ConnectorDescriptor = {
  platform: SHOPIFY_PLATFORM,
  displayName: 'Shopify',
  credentialsSchema: shopifyCredentialsSchema,
  rateBudget: {
    capacity: COST_DEFAULTS.bucketSize,
    refillPerSecond: COST_DEFAULTS.restorePerSecond,
    unit: 'cost_point',
  },
};
