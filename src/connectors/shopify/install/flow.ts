import { timingSafeEqual } from 'node:crypto';
import { ChannelError, ValidationError } from '../../../core/errors';
import type { InstallFlow } from '../../../core/integration';
import { isJsonObject, parseJsonExact } from '../../../core/json';
import { httpExchange } from '../http';
import { OAUTH_TIMESTAMP_TOLERANCE_SEC, SHOP_DOMAIN, SHOPIFY_PLATFORM } from '../platform';
import { isAdminQuerySigned } from './query-hmac';

export interface ShopifyAppCredentials {
  apiKey?: string;
  apiSecret?: string;
  scopes: readonly string[];
  httpTimeoutMs: number;
  /** Current time in ms (tests inject one). */
  now: () => number;
}

/** `shop.myshopify.com`, lower-cased; anything else is refused (no open redirect, no SSRF). */
export function shopDomain(value: string | undefined): string {
  const shop = value?.trim().toLowerCase() ?? '';
  if (!SHOP_DOMAIN.test(shop)) {
    throw new ValidationError('the shop must be its myshopify.com domain', [
      { field: 'shop', message: 'expected name.myshopify.com' },
    ]);
  }
  return shop;
}

function sameText(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

function appKeys(app: ShopifyAppCredentials): { apiKey: string; apiSecret: string } {
  if (!app.apiKey || !app.apiSecret) {
    throw new ValidationError('the Shopify app is not configured (SHOPIFY_API_KEY, SHOPIFY_API_SECRET)', [
      { field: 'shopify', message: 'app credentials missing' },
    ]);
  }
  return { apiKey: app.apiKey, apiSecret: app.apiSecret };
}

/**
 * Shopify's authorization code grant [13]: the merchant is sent to the shop's authorize page with
 * the hub's state nonce; the callback is trusted only when its HMAC is Shopify's, its timestamp is
 * recent, its state is the one sent and its shop the one asked for; then the code is exchanged.
 */
export function shopifyInstallFlow(app: ShopifyAppCredentials): InstallFlow {
  return {
    begin(params, target) {
      const { apiKey } = appKeys(app);
      const shop = shopDomain(params.shop);
      const query = new URLSearchParams({
        client_id: apiKey,
        scope: app.scopes.join(','),
        redirect_uri: target.callbackUrl,
        state: target.state,
      });
      return {
        redirectUrl: `https://${shop}/admin/oauth/authorize?${query.toString()}`,
        storeUrl: `https://${shop}`,
      };
    },

    async complete(request, expected) {
      const { apiKey, apiSecret } = appKeys(app);
      const query = request.query;
      const shop = shopDomain(query.shop);
      if (!isAdminQuerySigned(query, apiSecret)) {
        throw new ValidationError('the install callback is not signed by Shopify', [
          { field: 'hmac', message: 'does not match' },
        ]);
      }
      const timestamp = Number(query.timestamp);
      if (
        !Number.isFinite(timestamp) ||
        Math.abs(app.now() / 1000 - timestamp) > OAUTH_TIMESTAMP_TOLERANCE_SEC
      ) {
        throw new ValidationError('the install callback is too old; start the install again', [
          { field: 'timestamp', message: `more than ${OAUTH_TIMESTAMP_TOLERANCE_SEC} s from now` },
        ]);
      }
      if (!sameText(query.state ?? '', expected.state)) {
        throw new ValidationError('the install callback is not for this install', [
          { field: 'state', message: 'does not match' },
        ]);
      }
      const storeUrl = `https://${shop}`;
      if (storeUrl !== expected.storeUrl) {
        throw new ValidationError('the install callback is for another shop', [
          { field: 'shop', message: 'does not match' },
        ]);
      }
      if (!query.code)
        throw new ValidationError('the install callback has no code', [
          { field: 'code', message: 'required' },
        ]);
      const accessToken = await exchangeCode(
        storeUrl,
        { client_id: apiKey, client_secret: apiSecret, code: query.code },
        app,
      );
      return { storeUrl, credentials: { accessToken, apiSecretKey: apiSecret } };
    },
  };
}

async function exchangeCode(
  storeUrl: string,
  body: { client_id: string; client_secret: string; code: string },
  app: ShopifyAppCredentials,
): Promise<string> {
  const answer = await httpExchange(`${storeUrl}/admin/oauth/access_token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify(body),
    timeoutMs: app.httpTimeoutMs,
  });
  if (answer.status >= 500) {
    throw new ChannelError('unavailable', `Shopify could not exchange the install code (${answer.status})`, {
      platform: SHOPIFY_PLATFORM,
      status: answer.status,
    });
  }
  let parsed: unknown;
  try {
    parsed = parseJsonExact(answer.text);
  } catch {
    parsed = null;
  }
  const token = isJsonObject(parsed) && typeof parsed.access_token === 'string' ? parsed.access_token : null;
  if (answer.status !== 200 || !token) {
    throw new ChannelError(
      'rejected',
      `Shopify refused the install code (${answer.status}); start the install again`,
      {
        platform: SHOPIFY_PLATFORM,
        status: answer.status,
      },
    );
  }
  return token;
}
