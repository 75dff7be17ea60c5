import { wpSpecialcharsDecode } from '../../../src/connectors/woocommerce/webhooks/signature';
import { CREDENTIALS, delivery, integration } from './helpers';

const woo = integration();
const REAL_SECRET = 'wclab-webhook-secret-2026';

describe('verifyWebhook on a real WooCommerce 11.0.1 delivery (bytes and signature as captured)', () => {
  const real = delivery('real-store-11.0.1__041__order.deleted');
  const credentials = { ...CREDENTIALS, webhookSecret: REAL_SECRET };

  it('accepts the signature WooCommerce computed', () => {
    expect(real.rawBody.toString()).toBe('{"id":28}');
    expect(woo.verifyWebhook(real, credentials)).toEqual({ kind: 'verified' });
  });

  it('rejects a forged signature', () => {
    const forged = {
      ...real,
      headers: { ...real.headers, 'x-wc-webhook-signature': 'r/aMt6EB7qxTehZYuCqdeUzO6FPlWE2nz75NmS154Q5=' },
    };
    expect(woo.verifyWebhook(forged, credentials)).toEqual({ kind: 'rejected', reason: 'bad_signature' });
  });

  it('rejects the right signature with another secret', () => {
    expect(woo.verifyWebhook(real, { ...credentials, webhookSecret: `${REAL_SECRET}x` })).toEqual({
      kind: 'rejected',
      reason: 'bad_signature',
    });
  });

  it('rejects a body altered by one byte', () => {
    const altered = { ...real, rawBody: Buffer.from('{"id":29}') };
    expect(woo.verifyWebhook(altered, credentials)).toEqual({ kind: 'rejected', reason: 'bad_signature' });
  });

  it('rejects a delivery without signature', () => {
    const headers = { ...real.headers };
    delete headers['x-wc-webhook-signature'];
    expect(woo.verifyWebhook({ ...real, headers }, credentials)).toEqual({
      kind: 'rejected',
      reason: 'missing_signature',
    });
  });

  it('rejects a signature of another length without comparing', () => {
    const short = { ...real, headers: { ...real.headers, 'x-wc-webhook-signature': 'abc=' } };
    expect(woo.verifyWebhook(short, credentials)).toEqual({ kind: 'rejected', reason: 'bad_signature' });
  });

  it('answers the real creation ping as a ping', () => {
    const ping = delivery('real-store-11.0.1__001__ping');
    expect(ping.rawBody.toString()).toBe('webhook_id=1');
    expect(woo.verifyWebhook(ping, credentials)).toEqual({ kind: 'ping' });
  });
});

describe('verifyWebhook on our own deliveries (signed with openssl over PHP-style bytes)', () => {
  it.each([
    'order-created-paid',
    'order-updated-unicode-fee',
    'order-updated-with-refunds',
    'order-restored-on-hold',
    'order-deleted',
    'product-updated',
    'coupon-updated',
  ])('%s verifies with the webhook secret', (name) => {
    const signed = delivery(name);
    expect(signed.signedWith).toBe(CREDENTIALS.webhookSecret);
    expect(woo.verifyWebhook(signed, CREDENTIALS)).toEqual({ kind: 'verified' });
  });

  it('needs the raw bytes: the same JSON re-serialised does not verify', () => {
    const signed = delivery('order-updated-unicode-fee');
    const reserialised = Buffer.from(JSON.stringify(JSON.parse(signed.rawBody.toString('utf8'))));
    expect(reserialised.equals(signed.rawBody)).toBe(false);
    expect(woo.verifyWebhook({ ...signed, rawBody: reserialised }, CREDENTIALS)).toEqual({
      kind: 'rejected',
      reason: 'bad_signature',
    });
  });

  it('decodes the stored secret as WordPress does (wp_specialchars_decode) before signing', () => {
    const signed = delivery('order-deleted-secret-with-ampersand');
    expect(signed.signedWith).toBe('s3cr&t"quote');
    expect(woo.verifyWebhook(signed, { ...CREDENTIALS, webhookSecret: 's3cr&amp;t&quot;quote' })).toEqual({
      kind: 'verified',
    });
    expect(woo.verifyWebhook(signed, { ...CREDENTIALS, webhookSecret: 's3cr&t"quote' })).toEqual({
      kind: 'verified',
    });
  });

  it('answers our ping fixture as a ping, and refuses unsigned deliveries that only look like one', () => {
    const ping = delivery('ping');
    expect(woo.verifyWebhook(ping, CREDENTIALS)).toEqual({ kind: 'ping' });
    const withTopic = { ...ping, headers: { ...ping.headers, 'x-wc-webhook-topic': 'order.updated' } };
    expect(woo.verifyWebhook(withTopic, CREDENTIALS)).toEqual({
      kind: 'rejected',
      reason: 'missing_signature',
    });
    const json = { ...ping, headers: { ...ping.headers, 'content-type': 'application/json' } };
    expect(woo.verifyWebhook(json, CREDENTIALS)).toEqual({ kind: 'rejected', reason: 'missing_signature' });
    const other = { ...ping, rawBody: Buffer.from('webhook_id=2&status=active') };
    expect(woo.verifyWebhook(other, CREDENTIALS)).toEqual({ kind: 'rejected', reason: 'missing_signature' });
  });

  it('rejects signed deliveries when the hub holds no webhook secret', () => {
    expect(
      woo.verifyWebhook(delivery('order-deleted'), { consumerKey: 'ck_x', consumerSecret: 'cs_x' }),
    ).toEqual({ kind: 'rejected', reason: 'bad_signature' });
  });
});

describe('wpSpecialcharsDecode', () => {
  it.each([
    ['plain-secret', 'plain-secret'],
    ['a&amp;b', 'a&b'],
    ['&lt;&gt;&quot;&#039;&#x27;', `<>"''`],
    ['&#0039;&#x0027;&#38;', `''&`],
    ['&amp;lt;', '&lt;'],
    ['&AMP;&copy;', '&AMP;&copy;'],
  ])('%s → %s', (input, output) => {
    expect(wpSpecialcharsDecode(input)).toBe(output);
  });
});
