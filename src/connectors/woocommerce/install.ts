import { timingSafeEqual } from 'node:crypto';
import { ValidationError } from '../../core/errors';
import type { InstallFlow } from '../../core/integration';
import { isJsonObject } from '../../core/json';
import { textAt } from '../../mappers/woocommerce/fields';
import { storeBaseUrl, type TransportOptions } from './http/transport';
import { WOOCOMMERCE } from './platform';

/**
 * WooCommerce's app authorisation (platforms F): the merchant approves at
 * `/wc-auth/v1/authorize`; WooCommerce then POSTs the new key as JSON to `callback_url`
 * (unsigned, so it is tied to the `user_id` the hub chose: the state) and sends the merchant to
 * `return_url`. The callback must be https, and must answer 200 or WooCommerce deletes the key.
 */
export function wooCommerceInstallFlow(options: Pick<TransportOptions, 'isPlainHttpAllowed'>): InstallFlow {
  return {
    begin(params, target) {
      const given = params.storeUrl ?? params.store ?? params.shop;
      if (!given) {
        throw new ValidationError('the store URL is missing', [{ field: 'storeUrl', message: 'required' }]);
      }
      const storeUrl = checkedStoreUrl(given, options);
      if (!target.callbackUrl.startsWith('https://')) {
        throw new ValidationError('WooCommerce only calls back over https', [
          { field: 'callbackUrl', message: 'must be https' },
        ]);
      }
      const query = new URLSearchParams({
        app_name: WOOCOMMERCE.appName,
        scope: WOOCOMMERCE.authorizeScope,
        user_id: target.state,
        return_url: target.returnUrl,
        callback_url: target.callbackUrl,
      });
      return { redirectUrl: `${storeUrl}${WOOCOMMERCE.authorizePath}?${query.toString()}`, storeUrl };
    },

    async complete(request, expected) {
      const body = request.body;
      if (body === null || !isJsonObject(body)) {
        throw new ValidationError('the WooCommerce callback carries no JSON body', [
          { field: 'body', message: 'expected JSON' },
        ]);
      }
      const userId = textAt(body.user_id) ?? '';
      if (!sameText(userId, expected.state)) {
        throw new ValidationError('the WooCommerce callback is not for this authorisation', [
          { field: 'user_id', message: 'does not match the state the hub sent' },
        ]);
      }
      const consumerKey = textAt(body.consumer_key) ?? '';
      const consumerSecret = textAt(body.consumer_secret) ?? '';
      const problems = [
        ...(consumerKey.startsWith('ck_') ? [] : [{ field: 'consumer_key', message: 'must start with ck_' }]),
        ...(consumerSecret.startsWith('cs_')
          ? []
          : [{ field: 'consumer_secret', message: 'must start with cs_' }]),
      ];
      if (problems.length > 0) {
        throw new ValidationError('the WooCommerce callback carries no usable key', problems);
      }
      return { storeUrl: expected.storeUrl, credentials: { consumerKey, consumerSecret } };
    },
  };
}

function checkedStoreUrl(given: string, options: Pick<TransportOptions, 'isPlainHttpAllowed'>): string {
  try {
    return storeBaseUrl(given, options);
  } catch (error) {
    throw new ValidationError((error as Error).message, [
      { field: 'storeUrl', message: (error as Error).message },
    ]);
  }
}

function sameText(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
