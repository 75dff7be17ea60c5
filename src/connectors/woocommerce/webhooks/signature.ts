import { createHmac, timingSafeEqual } from 'node:crypto';
import type { InboundWebhook, WebhookVerdict } from '../../../core/integration';
import { WOOCOMMERCE } from '../platform';

const PING_BODY = /^webhook_id=\d+$/;

/**
 * WooCommerce signs `base64(HMAC-SHA256(raw body, wp_specialchars_decode(secret, ENT_QUOTES)))`
 * (platforms A3). The HMAC is taken over the bytes as received: the body is PHP `json_encode`
 * output (`\/`, `\uXXXX`), which re-serialised JSON would not reproduce.
 */
export function verifyWooCommerceWebhook(
  request: InboundWebhook,
  credentials: Readonly<Record<string, string>>,
): WebhookVerdict {
  const signature = request.headers[WOOCOMMERCE.headers.signature]?.trim();
  if (!signature) {
    return isPing(request) ? { kind: 'ping' } : { kind: 'rejected', reason: 'missing_signature' };
  }
  const secret = credentials.webhookSecret;
  if (!secret) return { kind: 'rejected', reason: 'bad_signature' };
  const expected = Buffer.from(signWooCommerceBody(request.rawBody, secret));
  const given = Buffer.from(signature);
  const good = given.length === expected.length && timingSafeEqual(given, expected);
  return good ? { kind: 'verified' } : { kind: 'rejected', reason: 'bad_signature' };
}

export function signWooCommerceBody(rawBody: Buffer, secret: string): string {
  return createHmac('sha256', wpSpecialcharsDecode(secret)).update(rawBody).digest('base64');
}

/**
 * The ping WooCommerce sends when a webhook is created (platforms A8): form-encoded `webhook_id=N`,
 * unsigned, and without any X-WC-Webhook-* header. Anything else unsigned is rejected.
 */
function isPing(request: InboundWebhook): boolean {
  const wcHeaders = Object.keys(request.headers).some((name) =>
    name.toLowerCase().startsWith('x-wc-webhook-'),
  );
  const type = request.headers['content-type'] ?? 'application/x-www-form-urlencoded';
  return (
    !wcHeaders &&
    /application\/x-www-form-urlencoded/i.test(type) &&
    PING_BODY.test(request.rawBody.toString('latin1'))
  );
}

const ENTITIES: Readonly<Record<string, string>> = {
  '&amp;': '&',
  '&#038;': '&',
  '&#x26;': '&',
  '&lt;': '<',
  '&#060;': '<',
  '&gt;': '>',
  '&#062;': '>',
  '&quot;': '"',
  '&#034;': '"',
  '&#x22;': '"',
  '&#039;': "'",
  '&#x27;': "'",
};

/**
 * WordPress `wp_specialchars_decode($text, ENT_QUOTES)`: only these entities, zero-padded numeric
 * forms included, in one pass (`&amp;lt;` becomes `&lt;`, not `<`), like PHP's `strtr`.
 */
export function wpSpecialcharsDecode(text: string): string {
  if (!text.includes('&')) return text;
  const normalised = text
    .replace(/&#0*39;/g, '&#039;')
    .replace(/&#x0*27;/gi, '&#x27;')
    .replace(/&#0*34;/g, '&#034;')
    .replace(/&#x0*22;/gi, '&#x22;')
    .replace(/&#0*60;/g, '&#060;')
    .replace(/&#0*62;/g, '&#062;')
    .replace(/&#0*38;/g, '&#038;')
    .replace(/&#x0*26;/gi, '&#x26;');
  return normalised.replace(
    /&(amp|lt|gt|quot|#038|#060|#062|#034|#039|#x26|#x22|#x27);/g,
    (entity) => ENTITIES[entity] ?? entity,
  );
}
