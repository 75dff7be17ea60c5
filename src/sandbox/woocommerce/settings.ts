import { formatLocalNoZone, zoneOffsetMinutes } from '../common/time';
import { COUNTRIES } from '../seed/geo';
import type { WooStore } from './store';
import { WooError } from './types';
import { WOO_USER_AGENT } from './webhooks';

interface SettingDef {
  id: string;
  label: string;
  description: string;
  type: string;
  default: string;
  options?: (store: WooStore) => Record<string, string>;
  value: (store: WooStore) => string;
}

const GENERAL: SettingDef[] = [
  {
    id: 'woocommerce_store_address',
    label: 'Address line 1',
    description: 'The street address for your business location.',
    type: 'text',
    default: '',
    value: () => '1 Loopback Way',
  },
  {
    id: 'woocommerce_store_address_2',
    label: 'Address line 2',
    description: 'An additional, optional address line for your business location.',
    type: 'text',
    default: '',
    value: () => '',
  },
  {
    id: 'woocommerce_store_city',
    label: 'City',
    description: 'The city in which your business is located.',
    type: 'text',
    default: '',
    value: (s) => s.ctx.home.regions[0]?.cities[0]?.[0] ?? '',
  },
  {
    id: 'woocommerce_default_country',
    label: 'Country / State',
    description: 'The country and state or province, if any, in which your business is located.',
    type: 'select',
    default: 'US:CA',
    options: () =>
      Object.fromEntries(
        COUNTRIES.flatMap((c) => c.regions.map((r) => [`${c.code}:${r.code}`, `${c.name} - ${r.name}`])),
      ),
    value: (s) => `${s.ctx.home.code}:${s.ctx.home.regions[0]?.code ?? ''}`,
  },
  {
    id: 'woocommerce_store_postcode',
    label: 'Postcode / ZIP',
    description: 'The postal code, if any, in which your business is located.',
    type: 'text',
    default: '',
    value: (s) => s.ctx.home.regions[0]?.cities[0]?.[1] ?? '',
  },
  {
    id: 'woocommerce_allowed_countries',
    label: 'Selling location(s)',
    description: 'This option lets you limit which countries you are willing to sell to.',
    type: 'select',
    default: 'all',
    options: () => ({
      all: 'Sell to all countries',
      all_except: 'Sell to all countries, except for&hellip;',
      specific: 'Sell to specific countries',
    }),
    value: () => 'all',
  },
  {
    id: 'woocommerce_calc_taxes',
    label: 'Enable taxes',
    description: 'Enable tax rates and calculations',
    type: 'checkbox',
    default: 'no',
    value: () => 'yes',
  },
  {
    id: 'woocommerce_enable_coupons',
    label: 'Enable coupons',
    description: 'Enable the use of coupon codes',
    type: 'checkbox',
    default: 'yes',
    value: () => 'yes',
  },
  {
    id: 'woocommerce_calc_discounts_sequentially',
    label: '',
    description: 'Calculate coupon discounts sequentially',
    type: 'checkbox',
    default: 'no',
    value: () => 'no',
  },
  {
    id: 'woocommerce_currency',
    label: 'Currency',
    description:
      'This controls what currency prices are listed at in the catalog and which currency gateways will take payments in.',
    type: 'select',
    default: 'USD',
    options: () => Object.fromEntries(['USD', 'EUR', 'GBP', 'JPY', 'KWD', 'CAD', 'AUD'].map((c) => [c, c])),
    value: (s) => s.currency.code,
  },
  {
    id: 'woocommerce_currency_pos',
    label: 'Currency position',
    description: 'This controls the position of the currency symbol.',
    type: 'select',
    default: 'left',
    options: () => ({
      left: 'Left',
      right: 'Right',
      left_space: 'Left with space',
      right_space: 'Right with space',
    }),
    value: () => 'left',
  },
  {
    id: 'woocommerce_price_thousand_sep',
    label: 'Thousand separator',
    description: 'This sets the thousand separator of displayed prices.',
    type: 'text',
    default: ',',
    value: () => ',',
  },
  {
    id: 'woocommerce_price_decimal_sep',
    label: 'Decimal separator',
    description: 'This sets the decimal separator of displayed prices.',
    type: 'text',
    default: '.',
    value: () => '.',
  },
  {
    id: 'woocommerce_price_num_decimals',
    label: 'Number of decimals',
    description: 'This sets the number of decimal points shown in displayed prices.',
    type: 'number',
    default: '2',
    value: (s) => String(s.currency.digits),
  },
];

const TAX: SettingDef[] = [
  {
    id: 'woocommerce_prices_include_tax',
    label: 'Prices entered with tax',
    description: '',
    type: 'radio',
    default: 'no',
    options: () => ({
      yes: 'Yes, I will enter prices inclusive of tax',
      no: 'No, I will enter prices exclusive of tax',
    }),
    value: (s) => (s.pricesIncludeTax ? 'yes' : 'no'),
  },
  {
    id: 'woocommerce_tax_based_on',
    label: 'Calculate tax based on',
    description: '',
    type: 'select',
    default: 'shipping',
    options: () => ({
      shipping: 'Customer shipping address',
      billing: 'Customer billing address',
      base: 'Shop base address',
    }),
    value: () => 'shipping',
  },
  {
    id: 'woocommerce_tax_round_at_subtotal',
    label: 'Rounding',
    description: 'Round tax at subtotal level, instead of rounding per line',
    type: 'checkbox',
    default: 'no',
    value: () => 'no',
  },
  {
    id: 'woocommerce_tax_display_shop',
    label: 'Display prices in the shop',
    description: '',
    type: 'select',
    default: 'excl',
    options: () => ({ incl: 'Including tax', excl: 'Excluding tax' }),
    value: (s) => (s.pricesIncludeTax ? 'incl' : 'excl'),
  },
];

function settingJson(store: WooStore, group: string, d: SettingDef) {
  return {
    id: d.id,
    label: d.label,
    description: d.description,
    type: d.type,
    default: d.default,
    tip: d.description,
    value: d.value(store),
    ...(d.options ? { options: d.options(store) } : {}),
    _links: {
      self: [
        {
          href: `${store.home}/wp-json/wc/v3/settings/${group}/${d.id}`,
          targetHints: { allow: ['GET', 'POST', 'PUT', 'PATCH'] },
        },
      ],
      collection: [{ href: `${store.home}/wp-json/wc/v3/settings/${group}` }],
    },
  };
}

export function settingsGroup(store: WooStore, group: string) {
  const defs = group === 'general' ? GENERAL : group === 'tax' ? TAX : null;
  if (!defs) throw new WooError(404, 'rest_setting_setting_group_invalid', 'Invalid setting group.');
  return defs.map((d) => settingJson(store, group, d));
}

export function setting(store: WooStore, group: string, id: string) {
  const found = settingsGroup(store, group).find((s) => s.id === id);
  if (!found) throw new WooError(404, 'rest_setting_setting_invalid', 'Invalid setting.');
  return found;
}

/** Only `woocommerce_prices_include_tax` changes behaviour (new orders); other values are read-only here. */
export function updateSetting(store: WooStore, group: string, id: string, value: unknown) {
  setting(store, group, id);
  if (id === 'woocommerce_prices_include_tax') store.pricesIncludeTax = value === 'yes' || value === true;
  return setting(store, group, id);
}

export function settingsIndex(store: WooStore) {
  const group = (id: string, label: string, description: string) => ({
    id,
    label,
    description,
    parent_id: '',
    sub_groups: [],
    _links: { options: [{ href: `${store.home}/wp-json/wc/v3/settings/${id}` }] },
  });
  return [
    group('general', 'General', ''),
    group('products', 'Products', ''),
    group('tax', 'Tax', ''),
    group('shipping', 'Shipping', ''),
    group('checkout', 'Payments', ''),
    group('account', 'Accounts &amp; Privacy', ''),
    group('email', 'Emails', ''),
    group('advanced', 'Advanced', ''),
  ];
}

export function systemStatus(store: WooStore) {
  const wpVersion = WOO_USER_AGENT.replace(/.*WordPress\/([\d.]+)\).*/, '$1');
  return {
    environment: {
      home_url: store.home,
      site_url: store.home,
      store_id: `sandbox-${store.options.seed}`,
      version: '11.0.1',
      log_directory: '/var/www/html/wp-content/uploads/wc-logs/',
      log_directory_writable: true,
      wp_version: wpVersion,
      wp_multisite: false,
      wp_memory_limit: 268435456,
      wp_debug_mode: false,
      wp_cron: true,
      wp_environment_type: 'production',
      language: 'en_US',
      external_object_cache: null,
      server_info: 'Channel Hub sandbox (Node.js)',
      server_architecture: 'Linux x86_64',
      php_version: '8.2.36',
      php_post_max_size: 8388608,
      php_max_execution_time: 30,
      php_max_input_vars: 1000,
      curl_version: '7.88.1, OpenSSL/3.0.19',
      suhosin_installed: false,
      max_upload_size: 2097152,
      mysql_version: '10.11.19',
      mysql_version_string: '10.11.19-MariaDB',
      default_timezone: 'UTC',
      fsockopen_or_curl_enabled: true,
      soapclient_enabled: false,
      domdocument_enabled: true,
      gzip_enabled: true,
      mbstring_enabled: true,
      remote_post_successful: true,
      remote_post_response: 200,
      remote_get_successful: true,
      remote_get_response: 200,
    },
    database: {
      wc_database_version: '11.0.1',
      database_prefix: 'wp_',
      maxmind_geoip_database: '',
      database_tables: { woocommerce: {}, other: {} },
    },
    active_plugins: [
      {
        plugin: 'woocommerce/woocommerce.php',
        name: 'WooCommerce',
        version: '11.0.1',
        version_latest: '11.0.1',
        url: 'https://woocommerce.com/',
        author_name: 'Automattic',
        author_url: 'https://woocommerce.com',
        network_activated: false,
      },
    ],
    inactive_plugins: [],
    dropins_mu_plugins: { dropins: [], mu_plugins: [] },
    theme: {
      name: 'Twenty Twenty-Five',
      version: '1.5',
      version_latest: 0,
      author_url: 'https://wordpress.org',
      is_child_theme: false,
      is_block_theme: true,
      has_woocommerce_support: false,
      has_woocommerce_file: false,
      has_outdated_templates: false,
      overrides: [],
      parent_name: '',
      parent_version: '',
      parent_version_latest: '',
      parent_author_url: '',
    },
    settings: {
      api_enabled: false,
      force_ssl: false,
      currency: store.currency.code,
      currency_symbol: store.currency.code === 'USD' ? '&#36;' : store.currency.symbol,
      currency_position: 'left',
      thousand_separator: ',',
      decimal_separator: '.',
      number_of_decimals: store.currency.digits,
      geolocation_enabled: false,
      taxonomies: { external: 'external', grouped: 'grouped', simple: 'simple', variable: 'variable' },
      product_visibility_terms: {
        'exclude-from-catalog': 'exclude-from-catalog',
        'exclude-from-search': 'exclude-from-search',
        featured: 'featured',
        outofstock: 'outofstock',
      },
      woocommerce_com_connected: 'no',
      enforce_approved_download_dirs: true,
      order_datastore: 'Automattic\\WooCommerce\\Internal\\DataStores\\Orders\\OrdersTableDataStore',
      HPOS_enabled: true,
      HPOS_sync_enabled: false,
      enabled_features: ['analytics', 'marketplace', 'order_attribution', 'custom_order_tables'],
    },
    security: { secure_connection: store.home.startsWith('https'), hide_errors: true },
    pages: [],
    post_type_counts: [
      { type: 'product', count: String(store.catalog.products.length) },
      { type: 'shop_order_placehold', count: String(store.orderCount) },
    ],
    logging: {
      logging_enabled: true,
      default_handler: 'Automattic\\WooCommerce\\Internal\\Admin\\Logging\\LogHandlerFileV2',
      retention_period_days: 30,
      level_threshold: '',
      log_directory_size: '0 B',
    },
  };
}

/** `GET /wp-json/`: site name, timezone and namespaces (where WordPress reports the site's timezone). */
export function siteIndex(store: WooStore) {
  const now = Date.now();
  return {
    name: 'Channel Hub Sandbox Store',
    description: 'WooCommerce sandbox for the Channel Hub',
    url: store.home,
    home: store.home,
    gmt_offset: zoneOffsetMinutes(now, store.timeZone) / 60,
    timezone_string: store.timeZone,
    local_time: formatLocalNoZone(now, store.timeZone),
    namespaces: ['oembed/1.0', 'wc/v3', 'wc/v2', 'wc/v1', 'wc/store/v1', 'wc-admin', 'wc-analytics', 'wp/v2'],
    authentication: [],
    routes: {},
  };
}
