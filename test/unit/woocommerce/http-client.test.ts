import { ChannelError } from '../../../src/core/errors';
import {
  API,
  CREDENTIALS,
  STORE,
  context,
  fixtureObject,
  integration,
  json,
  recordingSleep,
  setUpNock,
  store,
  wooError,
} from './helpers';
import { nock } from './nock';

setUpNock();

const order = fixtureObject('orders/pending-guest-voucher.json');
const path = `${API}/orders/1007`;

async function failure(promise: Promise<unknown>): Promise<ChannelError> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  if (!(error instanceof ChannelError)) throw new Error(`expected a ChannelError, got ${String(error)}`);
  return error;
}

describe('the WooCommerce HTTP client', () => {
  it('signs https requests with Basic auth and reads exact JSON', async () => {
    const basic = `Basic ${Buffer.from(`${CREDENTIALS.consumerKey}:${CREDENTIALS.consumerSecret}`).toString('base64')}`;
    store()
      .get(path)
      .matchHeader('authorization', basic)
      .reply(...json(order));
    const ctx = context({ lane: 'incremental' });
    const raw = await integration().fetchOrder(ctx, '1007');
    expect(raw).toMatchObject({ externalId: '1007', updatedAt: '2026-03-03T11:00:00Z', deleted: false });
    expect(ctx.rateGate.acquired).toEqual([{ cost: 1, lane: 'incremental' }]);
  });

  it('signs plain-http requests (allowed hosts only) with OAuth 1.0a in the query, without Basic auth', async () => {
    nock('http://127.0.0.1:8088', { badheaders: ['authorization'] })
      .get(path)
      .query(
        (query) =>
          query.oauth_consumer_key === CREDENTIALS.consumerKey &&
          query.oauth_signature_method === 'HMAC-SHA256' &&
          typeof query.oauth_signature === 'string',
      )
      .reply(...json(order));
    const raw = await integration().fetchOrder(context({ storeUrl: 'http://127.0.0.1:8088' }), '1007');
    expect(raw?.externalId).toBe('1007');
  });

  it('refuses plain http to hosts that are not allowed, before any request', async () => {
    const error = await failure(
      integration().fetchOrder(context({ storeUrl: 'http://shop.example.com' }), '1007'),
    );
    expect(error.kind).toBe('rejected');
    expect(error.message).toContain('must use https');
  });

  it('waits out a 429 for its Retry-After, tells the rate gate, then succeeds', async () => {
    store()
      .get(path)
      .reply(429, '', { 'retry-after': '3' })
      .get(path)
      .reply(...json(order));
    const sleep = recordingSleep();
    const ctx = context();
    const raw = await integration({ sleep }).fetchOrder(ctx, '1007');
    expect(raw?.externalId).toBe('1007');
    expect(sleep.sleeps).toHaveLength(1);
    expect(sleep.sleeps[0]).toBeGreaterThanOrEqual(3000);
    expect(ctx.rateGate.feedback).toEqual([{ kind: 'throttled', retryAfterMs: 3000 }]);
    expect(ctx.rateGate.acquired).toHaveLength(2);
  });

  it('gives up at once when Retry-After is longer than a call may wait, so the job reschedules', async () => {
    store().get(path).reply(429, '', { 'retry-after': '120' });
    const sleep = recordingSleep();
    const error = await failure(integration({ sleep }).fetchOrder(context(), '1007'));
    expect([error.kind, error.retryAfterMs, error.retryable]).toEqual(['rate_limited', 120_000, true]);
    expect(sleep.sleeps).toEqual([]);
  });

  it('retries 500s with backoff and reports unavailable after the last attempt', async () => {
    store()
      .get(path)
      .times(4)
      .reply(...wooError(500, 'internal_server_error', 'There has been a critical error on this website.'));
    const sleep = recordingSleep();
    const error = await failure(integration({ sleep }).fetchOrder(context(), '1007'));
    expect(error.kind).toBe('unavailable');
    expect(error.meta.status).toBe(500);
    expect(error.message).toContain('critical error');
    expect(sleep.sleeps).toHaveLength(3);
  });

  it('recovers from a 502 gateway page', async () => {
    store()
      .get(path)
      .reply(502, '<html><head><title>502 Bad Gateway</title></head></html>', { 'content-type': 'text/html' })
      .get(path)
      .reply(...json(order));
    expect((await integration().fetchOrder(context(), '1007'))?.externalId).toBe('1007');
  });

  it('treats WordPress maintenance mode (503 + Retry-After) as unavailable, with the wait', async () => {
    const page =
      '<!DOCTYPE html><html><head><title>Maintenance</title></head><body>Briefly unavailable for scheduled maintenance.</body></html>';
    store().get(path).reply(503, page, { 'content-type': 'text/html', 'retry-after': '600' });
    const error = await failure(integration().fetchOrder(context(), '1007'));
    expect([error.kind, error.retryAfterMs]).toEqual(['unavailable', 600_000]);
    expect(error.message).toContain('"Maintenance"');
  });

  it('does not retry a POST that creates something after a 500 (it may have been created)', async () => {
    const webhooks = `${API}/webhooks`;
    store()
      .get(webhooks)
      .query(true)
      .reply(...json([]))
      .post(webhooks)
      .reply(...wooError(500, 'db_error', 'Could not insert.'));
    const sleep = recordingSleep();
    const error = await failure(
      integration({ sleep }).ensureWebhooks(context(), 'https://hub.example.com/webhooks/woocommerce/int_1'),
    );
    expect(error.kind).toBe('unavailable');
    expect(sleep.sleeps).toEqual([]);
  });

  it('says an unknown consumer key is unknown (401 woocommerce_rest_cannot_view), without retrying', async () => {
    store()
      .get(path)
      .reply(...wooError(401, 'woocommerce_rest_cannot_view', 'Sorry, you cannot view this resource.'));
    const sleep = recordingSleep();
    const error = await failure(integration({ sleep }).fetchOrder(context(), '1007'));
    expect([error.kind, error.retryable, error.meta.channelCode]).toEqual([
      'auth',
      false,
      'woocommerce_rest_cannot_view',
    ]);
    expect(error.message).toContain('the consumer key is unknown (revoked, deleted or mistyped)');
    expect(sleep.sleeps).toEqual([]);
  });

  it('says a wrong secret is a wrong secret (401 woocommerce_rest_authentication_error)', async () => {
    store()
      .get(path)
      .reply(...wooError(401, 'woocommerce_rest_authentication_error', 'Consumer secret is invalid.'));
    const error = await failure(integration().fetchOrder(context(), '1007'));
    expect(error.kind).toBe('auth');
    expect(error.message).toContain('knows this consumer key but the consumer secret is wrong');
  });

  it('reports 403 as a permission problem of the key’s user', async () => {
    store()
      .get(path)
      .reply(...wooError(403, 'woocommerce_rest_cannot_view', 'Sorry, you cannot view this resource.'));
    const error = await failure(integration().fetchOrder(context(), '1007'));
    expect(error.kind).toBe('auth');
    expect(error.message).toContain('administrator or shop manager');
  });

  it.each([
    [200, 'Just a moment...'],
    [403, 'Wordfence - Access Denied'],
  ])('names an HTML page answered with %s instead of JSON (%s)', async (status, title) => {
    store()
      .get(path)
      .reply(status, `<!doctype html><html><head><title>${title}</title></head><body>…</body></html>`, {
        'content-type': 'text/html; charset=UTF-8',
      });
    const error = await failure(integration().fetchOrder(context(), '1007'));
    expect(error.kind).toBe('protocol');
    expect(error.message).toContain(`title: "${title}"`);
    expect(error.message).toContain('a security plugin, a firewall or maintenance mode?');
  });

  it('says so when PHP warnings come before the JSON', async () => {
    store()
      .get(path)
      .reply(
        200,
        `<br />\n<b>Warning</b>: Undefined array key in plugin.php on line 3<br />\n${JSON.stringify(order)}`,
        { 'content-type': 'application/json' },
      );
    const error = await failure(integration().fetchOrder(context(), '1007'));
    expect(error.kind).toBe('protocol');
    expect(error.message).toContain('not JSON');
  });

  it('does not follow redirects, and says where the store went', async () => {
    store().get(path).reply(301, '', { location: 'https://www.shop.example.com/wp-json/wc/v3/orders/1007' });
    const error = await failure(integration().fetchOrder(context(), '1007'));
    expect(error.kind).toBe('protocol');
    expect(error.message).toContain('redirected');
    expect(error.message).toContain('https://www.shop.example.com/');
  });

  it('a missing route is a protocol problem, not a missing order', async () => {
    store()
      .get(path)
      .reply(...wooError(404, 'rest_no_route', 'No route was found matching the URL and request method.'));
    const error = await failure(integration().fetchOrder(context(), '1007'));
    expect(error.kind).toBe('protocol');
  });

  it('a refused connection is unavailable and retried', async () => {
    store()
      .get(path)
      .replyWithError({ code: 'ECONNREFUSED', message: 'connect ECONNREFUSED' })
      .get(path)
      .reply(...json(order));
    expect((await integration().fetchOrder(context(), '1007'))?.externalId).toBe('1007');
  });

  it('a timeout is unavailable', async () => {
    store()
      .get(path)
      .times(4)
      .delay(200)
      .reply(...json(order));
    const error = await failure(integration({ httpTimeoutMs: 50 }).fetchOrder(context(), '1007'));
    expect(error.kind).toBe('unavailable');
    expect(error.message).toContain('did not answer');
  });

  it('stops when the call is aborted, without retrying', async () => {
    const controller = new AbortController();
    store()
      .get(path)
      .delay(200)
      .reply(...json(order));
    const pending = integration().fetchOrder(context({ signal: controller.signal }), '1007');
    setTimeout(() => controller.abort(new Error('job cancelled')), 20);
    await expect(pending).rejects.toThrow('job cancelled');
    nock.abortPendingRequests();
  });

  it('uses the store URL’s path for WordPress in a sub-folder', async () => {
    nock(STORE)
      .get(`/shop${path}`)
      .reply(...json(order));
    expect(
      (await integration().fetchOrder(context({ storeUrl: `${STORE}/shop/` }), '1007'))?.externalId,
    ).toBe('1007');
  });
});
