/**
 * Starts a sandbox store from the command line:
 *   npx tsx src/sandbox/cli.ts --platform woocommerce --orders 1000 --port 0
 *   npx tsx src/sandbox/cli.ts --platform shopify --orders 50000 --seed 7 --plan plus
 * Prints the URL and credentials as JSON, then serves until interrupted.
 */
import { parseArgs } from 'node:util';
import { startShopifySandbox } from './shopify/server';
import { startWooCommerceSandbox } from './woocommerce/server';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      platform: { type: 'string', default: 'woocommerce' },
      orders: { type: 'string', default: '200' },
      seed: { type: 'string', default: '1' },
      port: { type: 'string', default: '0' },
      currency: { type: 'string' },
      plan: { type: 'string', default: 'standard' },
      'presentment-currency': { type: 'string' },
      'prices-include-tax': { type: 'boolean', default: false },
    },
  });
  const orders = Number(values.orders);
  const seed = Number(values.seed);
  const port = Number(values.port);
  if (values.platform === 'shopify') {
    const plan = values.plan === 'advanced' || values.plan === 'plus' ? values.plan : 'standard';
    const shop = await startShopifySandbox({
      orders,
      seed,
      port,
      plan,
      ...(values.currency ? { currency: values.currency } : {}),
      ...(values['presentment-currency'] ? { presentmentCurrency: values['presentment-currency'] } : {}),
    });
    console.log(
      JSON.stringify(
        {
          platform: 'shopify',
          url: shop.url,
          graphqlUrl: shop.graphqlUrl(),
          shopDomain: shop.shopDomain,
          credentials: shop.credentials,
          orders: shop.store.orderCount,
          seedMs: Math.round(shop.store.seedMs),
        },
        null,
        2,
      ),
    );
    process.on('SIGINT', () => void shop.close().then(() => process.exit(0)));
    return;
  }
  if (values.platform !== 'woocommerce')
    throw new Error(`unknown platform ${values.platform} (woocommerce | shopify)`);
  const woo = await startWooCommerceSandbox({
    orders,
    seed,
    port,
    pricesIncludeTax: values['prices-include-tax'],
    ...(values.currency ? { currency: values.currency } : {}),
  });
  console.log(
    JSON.stringify(
      {
        platform: 'woocommerce',
        url: woo.url,
        api: `${woo.url}/wp-json/wc/v3`,
        credentials: woo.credentials,
        readOnlyCredentials: woo.readOnlyCredentials,
        orders: woo.store.orderCount,
        seedMs: Math.round(woo.store.seedMs),
      },
      null,
      2,
    ),
  );
  process.on('SIGINT', () => void woo.close().then(() => process.exit(0)));
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
