import { createHmac } from 'node:crypto';
import { ChannelError, ValidationError } from '../../../src/core/errors';
import { adminQueryMessage } from '../../../src/connectors/shopify/install/query-hmac';
import { nock } from './helpers/nock';
import { setUpNock, testIntegration } from './helpers/shopify-api';

const API_KEY = 'app-client-id';
const API_SECRET = 'app-client-secret';
const NOW = Date.parse('2025-06-01T12:00:00Z');
const SHOP = 'hub-test.myshopify.com';
const TARGET = {
  callbackUrl: 'https://hub.example/v1/shopify/install/callback',
  returnUrl: 'https://hub.example/done',
  state: 'nonce-9f2c',
};

function callback(overrides: Record<string, string> = {}, secret = API_SECRET): Record<string, string> {
  const query: Record<string, string> = {
    code: '0907a61c0c8d55e99db179b68161bc00',
    host: 'YWRtaW4uc2hvcGlmeS5jb20vc3RvcmUvaHViLXRlc3Q',
    shop: SHOP,
    state: TARGET.state,
    timestamp: String(NOW / 1000 - 30),
    ...overrides,
  };
  // Written out by hand (Shopify's recipe), independently of the connector's own signing code.
  const message = Object.keys(query)
    .sort()
    .map((key) => `${key}=${query[key]}`)
    .join('&');
  return { ...query, hmac: createHmac('sha256', secret).update(message).digest('hex') };
}

function flow() {
  return testIntegration({
    apiKey: API_KEY,
    apiSecret: API_SECRET,
    now: () => NOW,
    scopes: ['read_orders', 'write_fulfillments'],
  }).integration.install;
}

describe('Shopify OAuth install flow', () => {
  setUpNock();

  it('sends the merchant to the shop’s authorize page with the state nonce', () => {
    const { redirectUrl, storeUrl } = flow().begin({ shop: 'Hub-Test.myshopify.com' }, TARGET);
    expect(storeUrl).toBe(`https://${SHOP}`);
    const url = new URL(redirectUrl);
    expect(`${url.origin}${url.pathname}`).toBe(`https://${SHOP}/admin/oauth/authorize`);
    expect(Object.fromEntries(url.searchParams)).toEqual({
      client_id: API_KEY,
      scope: 'read_orders,write_fulfillments',
      redirect_uri: TARGET.callbackUrl,
      state: TARGET.state,
    });
  });

  it.each([
    'evil.com',
    'shop.myshopify.com.evil.com',
    '-x.myshopify.com',
    'https://hub-test.myshopify.com',
    '',
  ])('refuses %j as a shop', (shop) => {
    expect(() => flow().begin({ shop }, TARGET)).toThrow(ValidationError);
  });

  it('signs exactly as Shopify’s library does: sorted, URL-encoded, without hmac and signature', () => {
    expect(
      adminQueryMessage({
        timestamp: '1',
        shop: 'a b.myshopify.com',
        hmac: 'x',
        signature: 'y',
        code: 'c&d',
      }),
    ).toBe('code=c%26d&shop=a%20b.myshopify.com&timestamp=1');
  });

  it('a genuine callback is exchanged for an access token', async () => {
    nock(`https://${SHOP}`)
      .post('/admin/oauth/access_token', {
        client_id: API_KEY,
        client_secret: API_SECRET,
        code: '0907a61c0c8d55e99db179b68161bc00',
      })
      .reply(200, { access_token: 'shpua_new_token', scope: 'read_orders,write_fulfillments' });
    const result = await flow().complete(
      { query: callback(), body: null },
      { state: TARGET.state, storeUrl: `https://${SHOP}` },
    );
    expect(result).toEqual({
      storeUrl: `https://${SHOP}`,
      credentials: { accessToken: 'shpua_new_token', apiSecretKey: API_SECRET },
    });
  });

  it('refuses a forged HMAC', async () => {
    const forged = callback({}, 'someone-elses-secret');
    await expect(
      flow().complete({ query: forged, body: null }, { state: TARGET.state, storeUrl: `https://${SHOP}` }),
    ).rejects.toThrow(/not signed by Shopify/);
  });

  it('refuses a genuine callback whose parameters were changed afterwards', async () => {
    const query = { ...callback(), code: 'attacker-code' };
    await expect(
      flow().complete({ query, body: null }, { state: TARGET.state, storeUrl: `https://${SHOP}` }),
    ).rejects.toThrow(/not signed by Shopify/);
  });

  it('refuses a stale timestamp (more than 90 s away)', async () => {
    const stale = callback({ timestamp: String(NOW / 1000 - 91) });
    await expect(
      flow().complete({ query: stale, body: null }, { state: TARGET.state, storeUrl: `https://${SHOP}` }),
    ).rejects.toThrow(/too old/);
  });

  it('refuses another state or another shop than the one the install began with', async () => {
    await expect(
      flow().complete(
        { query: callback({ state: 'other' }), body: null },
        { state: TARGET.state, storeUrl: `https://${SHOP}` },
      ),
    ).rejects.toThrow(/not for this install/);
    await expect(
      flow().complete(
        { query: callback({ shop: 'other-shop.myshopify.com' }), body: null },
        { state: TARGET.state, storeUrl: `https://${SHOP}` },
      ),
    ).rejects.toThrow(/another shop/);
  });

  it('a code Shopify will not exchange is a channel refusal', async () => {
    nock(`https://${SHOP}`).post('/admin/oauth/access_token').reply(400, {
      error: 'invalid_request',
      error_description: 'The authorization code was not found or was already used',
    });
    const error = await flow()
      .complete({ query: callback(), body: null }, { state: TARGET.state, storeUrl: `https://${SHOP}` })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ChannelError);
    expect((error as ChannelError).kind).toBe('rejected');
  });

  it('without the app’s credentials there is no install', () => {
    const bare = testIntegration().integration.install;
    expect(() => bare.begin({ shop: SHOP }, TARGET)).toThrow(/SHOPIFY_API_KEY/);
  });
});
