import { ChannelError, ValidationError } from '../../../src/core/errors';
import { API, CREDENTIALS, STORE, context, integration, json, setUpNock, store, wooError } from './helpers';
import { nock } from './nock';

setUpNock();

const STATUS_QUERY = { _fields: 'environment.version,settings.currency' };
const status = { environment: { version: '11.0.1' }, settings: { currency: 'USD' } };
const taxSetting = {
  id: 'woocommerce_prices_include_tax',
  label: 'Prices entered with tax',
  type: 'radio',
  default: 'no',
  value: 'yes',
  group_id: 'tax',
};
const site = { name: 'Juniper & Pine', timezone_string: 'America/Chicago', gmt_offset: -6 };
const { webhookSecret: _unused, ...keysOnly } = CREDENTIALS;

function storeAnswers(
  options: {
    write?: [number, string, Record<string, string>];
    site?: object;
    tax?: [number, string, Record<string, string>];
  } = {},
) {
  store()
    .get(`${API}/system_status`)
    .query(STATUS_QUERY)
    .reply(...json(status))
    .get(`${API}/settings/tax/woocommerce_prices_include_tax`)
    .reply(...(options.tax ?? json(taxSetting)))
    .post(`${API}/webhooks/batch`, {})
    .reply(...(options.write ?? json({})));
  // The WordPress index is public: WordPress would read the key as an application password.
  nock(STORE, { badheaders: ['authorization'] })
    .get('/wp-json/')
    .query({ _fields: 'name,timezone_string,gmt_offset' })
    .reply(...json(options.site ?? site));
}

describe('connect', () => {
  it('checks the keys, reads the store’s facts and makes a webhook secret', async () => {
    storeAnswers();
    const result = await integration().connect(context({ credentials: keysOnly }));
    expect(result.facts).toEqual({
      name: 'Juniper & Pine',
      currency: 'USD',
      timezone: 'America/Chicago',
      taxesIncluded: true,
      platformVersion: '11.0.1',
      plan: null,
      grantedScopes: ['read', 'write'],
      missingScopes: [],
      canWrite: true,
      warnings: [],
    });
    expect(result.credentials).toMatchObject(keysOnly);
    expect(result.credentials.webhookSecret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(result.state).toEqual({ wooCommerceVersion: '11.0.1' });
  });

  it('keeps a webhook secret the hub already holds', async () => {
    storeAnswers();
    const result = await integration().connect(context());
    expect(result.credentials.webhookSecret).toBe(CREDENTIALS.webhookSecret);
  });

  it('accepts a read-only key, says what will fail and why', async () => {
    storeAnswers({
      write: wooError(
        401,
        'woocommerce_rest_authentication_error',
        'The API key provided does not have write permissions.',
      ),
    });
    const { facts } = await integration().connect(context());
    expect(facts.canWrite).toBe(false);
    expect(facts.grantedScopes).toEqual(['read']);
    expect(facts.missingScopes).toEqual([
      { scope: 'write', consequence: expect.stringContaining('fulfilments, cancellations, stock updates') },
    ]);
    expect(facts.warnings).toHaveLength(1);
    expect(facts.warnings[0]).toContain('the API key is read-only');
    expect(facts.warnings[0]).toContain('does not have write permissions');
    expect(facts.warnings[0]).toContain('Read/Write key');
  });

  it('reads a fixed UTC offset when the site names no time zone, and notes facts it could not read', async () => {
    storeAnswers({
      site: { name: 'Shop', timezone_string: '', gmt_offset: 5.5 },
      tax: wooError(404, 'rest_setting_setting_invalid', 'Invalid setting.'),
    });
    const { facts } = await integration().connect(context());
    expect(facts.timezone).toBe('UTC+05:30');
    expect(facts.taxesIncluded).toBeNull();
    expect(facts.warnings).toEqual([expect.stringContaining('could not read whether prices include tax')]);
  });

  it.each([
    [
      'an unknown key',
      wooError(401, 'woocommerce_rest_cannot_view', 'Sorry, you cannot list resources.'),
      'the consumer key is unknown',
    ],
    [
      'a wrong secret',
      wooError(401, 'woocommerce_rest_authentication_error', 'Consumer secret is invalid.'),
      'the consumer secret is wrong',
    ],
  ])('rejects %s with an auth error that says which', async (_what, answer, message) => {
    store()
      .get(`${API}/system_status`)
      .query(STATUS_QUERY)
      .reply(...answer);
    const error = await integration()
      .connect(context())
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ChannelError);
    expect((error as ChannelError).kind).toBe('auth');
    expect((error as ChannelError).message).toContain(message);
  });

  it('describes the credentials it accepts', () => {
    const schema = integration().descriptor.credentialsSchema;
    expect(schema.safeParse(keysOnly).success).toBe(true);
    expect(schema.safeParse(CREDENTIALS).success).toBe(true);
    const bad = schema.safeParse({ consumerKey: 'key', consumerSecret: 'cs_x' });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues.map((issue) => [issue.path.join('.'), issue.message])).toEqual([
      ['consumerKey', 'must start with ck_ (WooCommerce consumer key)'],
    ]);
    expect(integration().descriptor).toMatchObject({
      platform: 'woocommerce',
      rateBudget: { capacity: 10, refillPerSecond: 5, unit: 'request' },
    });
  });
});

describe('the wc-auth install flow', () => {
  const install = integration().install!;
  const target = {
    callbackUrl: 'https://hub.example.com/v1/woocommerce/callback',
    returnUrl: 'https://app.example.com/connected',
    state: 'st_8f2c',
  };

  it('sends the merchant to /wc-auth/v1/authorize with every parameter', () => {
    const { redirectUrl, storeUrl } = install.begin({ storeUrl: 'https://shop.example.com/' }, target);
    expect(storeUrl).toBe('https://shop.example.com');
    const url = new URL(redirectUrl);
    expect(`${url.origin}${url.pathname}`).toBe('https://shop.example.com/wc-auth/v1/authorize');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      app_name: 'Channel Hub',
      scope: 'read_write',
      user_id: 'st_8f2c',
      return_url: 'https://app.example.com/connected',
      callback_url: 'https://hub.example.com/v1/woocommerce/callback',
    });
  });

  it('refuses a callback that is not https and a store that is plain http', () => {
    expect(() =>
      install.begin(
        { storeUrl: 'https://shop.example.com' },
        { ...target, callbackUrl: 'http://hub.example.com/cb' },
      ),
    ).toThrow(ValidationError);
    expect(() => install.begin({ storeUrl: 'http://shop.example.com' }, target)).toThrow('must use https');
    expect(() => install.begin({}, target)).toThrow('the store URL is missing');
  });

  it('takes the key WooCommerce posts back for this state', async () => {
    const body = {
      key_id: 4,
      user_id: 'st_8f2c',
      consumer_key: CREDENTIALS.consumerKey,
      consumer_secret: CREDENTIALS.consumerSecret,
      key_permissions: 'read_write',
    };
    await expect(
      install.complete({ query: {}, body }, { state: 'st_8f2c', storeUrl: 'https://shop.example.com' }),
    ).resolves.toEqual({
      storeUrl: 'https://shop.example.com',
      credentials: { consumerKey: CREDENTIALS.consumerKey, consumerSecret: CREDENTIALS.consumerSecret },
    });
  });

  it.each([
    [
      'another state',
      { user_id: 'st_other', consumer_key: 'ck_1', consumer_secret: 'cs_1' },
      'not for this authorisation',
    ],
    ['no key', { user_id: 'st_8f2c', consumer_key: '', consumer_secret: 'cs_1' }, 'carries no usable key'],
    ['no body', null, 'carries no JSON body'],
  ])('refuses a callback with %s', async (_what, body, message) => {
    await expect(
      install.complete({ query: {}, body }, { state: 'st_8f2c', storeUrl: 'https://shop.example.com' }),
    ).rejects.toThrow(message);
  });
});
