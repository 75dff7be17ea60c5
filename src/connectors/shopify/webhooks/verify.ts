import { createHmac, timingSafeEqual } from 'node:crypto';
import type { InboundWebhook, WebhookVerdict } from '../../../core/integration';

/**
 * `X-Shopify-Hmac-Sha256` is the base64 HMAC-SHA256 of the raw body with the app's secret (the
 * integration's `apiSecretKey`) [1]. Compared in constant time on the decoded bytes.
 */
export function verifyShopifyWebhook(
  request: InboundWebhook,
  credentials: Readonly<Record<string, string>>,
): WebhookVerdict {
  const header = request.headers['x-shopify-hmac-sha256']?.trim();
  if (!header) return { kind: 'rejected', reason: 'missing_signature' };
  const secret = credentials.apiSecretKey;
  if (!secret) return { kind: 'rejected', reason: 'bad_signature' };
  const expected = createHmac('sha256', secret).update(request.rawBody).digest();
  const given = Buffer.from(header, 'base64');
  const matches = given.length === expected.length && timingSafeEqual(given, expected);
  return matches && given.toString('base64') === header
    ? { kind: 'verified' }
    : { kind: 'rejected', reason: 'bad_signature' };
}
