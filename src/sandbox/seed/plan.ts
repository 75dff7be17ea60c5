import { hashSeed, Rng } from '../common/rng';
import type { Catalog, CatalogProduct } from './catalog';
import { COUNTRIES, countriesFor, homeCountry, type CountryInfo } from './geo';
import { CustomerPool, makeAddress, makePerson, type PostalAddress } from './people';
import type { Lifecycle, OrderPlan, PlanCustomer, PlanHeader, PlanLine } from './plan-types';
import { COUPONS, LIFECYCLE_WEIGHTS, SHOWCASE, type Showcase } from './showcase';
import { planEvents } from './plan-events';

export interface SeedContext {
  seed: number;
  /** Number of seeded orders (their creation times spread over `spanMs` before `until`). */
  count: number;
  until: number;
  spanMs: number;
  storeCurrency: string;
  home: CountryInfo;
  taxesIncluded: boolean;
  platform: 'woocommerce' | 'shopify';
  /** Shopify: every order presented in this currency. */
  presentmentCurrency: string | null;
  catalog: Catalog;
  customers: CustomerPool;
}

const DAY = 86_400_000;
// Module-level references: global lookups are slow inside VM contexts (Jest) and seeding runs this 50k times.
const { floor, max, min } = Math;
const KEEPS_PARTIAL: ReadonlySet<Lifecycle> = new Set(['completed', 'processing', 'partially_fulfilled']);
const TRASHABLE: ReadonlySet<Lifecycle> = new Set(['cancelled', 'pending', 'failed']);

interface HeaderDraws {
  header: PlanHeader;
  rng: Rng;
  show: Showcase | undefined;
}

/** The cheap part of an order (times, lifecycle, sizes), drawn first from the order's own random stream. */
export function drawHeader(
  ctx: SeedContext,
  index: number,
  at?: number,
  lifecycleOverride?: Lifecycle,
): HeaderDraws {
  const rng = new Rng(hashSeed(ctx.seed, index));
  const show = at === undefined ? SHOWCASE[index] : undefined;
  let lifecycle = rng.weighted(LIFECYCLE_WEIGHTS);
  const bucket = rng.next();
  const many = rng.int(60, 120);
  let lineCount =
    bucket < 0.35
      ? 1
      : bucket < 0.6
        ? 2
        : bucket < 0.75
          ? 3
          : bucket < 0.92
            ? rng.int(4, 6)
            : bucket < 0.995
              ? rng.int(7, 15)
              : many;
  let partial = rng.chance(0.07);
  const jitter = rng.next();
  const modDraw = rng.next();
  const trashDraw = rng.next();
  if (show) {
    lifecycle = show.lifecycle;
    lineCount = show.lineCount;
    partial = show.partialRefund ?? false;
  }
  if (lifecycleOverride) {
    lifecycle = lifecycleOverride;
    partial = false;
  }
  if (!KEEPS_PARTIAL.has(lifecycle)) partial = false;
  const createdAt =
    floor(
      (at ?? ctx.until - ctx.spanMs + floor(((index + jitter) / max(1, ctx.count)) * ctx.spanMs)) / 1000,
    ) * 1000;
  const modifiedAt =
    at ??
    max(
      createdAt,
      floor(min(ctx.until, createdAt + modifiedDelta(lifecycle, partial, modDraw)) / 1000) * 1000,
    );
  const trashed =
    !show &&
    at === undefined &&
    ctx.platform === 'woocommerce' &&
    TRASHABLE.has(lifecycle) &&
    trashDraw < 0.05;
  const refundCount = lifecycle === 'refunded' || partial ? 1 : 0;
  return { header: { index, createdAt, modifiedAt, lifecycle, lineCount, refundCount, trashed }, rng, show };
}

function modifiedDelta(lifecycle: Lifecycle, partial: boolean, draw: number): number {
  if (partial) return DAY + draw * 10 * DAY;
  switch (lifecycle) {
    case 'completed':
      return 3_600_000 + draw * 9 * DAY;
    case 'partially_fulfilled':
      return 1_800_000 + draw * 3 * DAY;
    case 'refunded':
      return DAY + draw * 20 * DAY;
    case 'cancelled':
      return 600_000 + draw * 3 * DAY;
    default:
      return draw * 600_000;
  }
}

function pickCountry(
  ctx: SeedContext,
  rng: Rng,
  show: Showcase | undefined,
): { country: CountryInfo; currency: string } {
  const roll = rng.next();
  const foreign = rng.pick(COUNTRIES.filter((c) => c.code !== ctx.home.code));
  const sameCurrency = rng.pick(countriesFor(ctx.storeCurrency));
  if (show) {
    const country = COUNTRIES.find((c) => c.code === show.country) ?? ctx.home;
    return { country, currency: show.country ? country.currency : ctx.storeCurrency };
  }
  if (ctx.platform === 'shopify' && ctx.presentmentCurrency) {
    const c = ctx.presentmentCurrency;
    return { country: c === ctx.storeCurrency ? ctx.home : homeCountry(c), currency: c };
  }
  if (roll < 0.8) return { country: ctx.home, currency: ctx.storeCurrency };
  if (roll < 0.86) return { country: sameCurrency, currency: ctx.storeCurrency };
  return { country: foreign, currency: foreign.currency };
}

function pickProduct(ctx: SeedContext, rng: Rng, allowUnicode: boolean): CatalogProduct {
  const products = ctx.catalog.products;
  for (;;) {
    const p = rng.pick(products);
    if (allowUnicode || !p.title.startsWith('Café')) return p;
  }
}

function makeLines(ctx: SeedContext, rng: Rng, count: number, show: Showcase | undefined): PlanLine[] {
  const lines: PlanLine[] = [];
  for (let i = 0; i < count; i += 1) {
    const custom = rng.chance(0.01) && count > 1;
    const p =
      show?.unicode && i === 2
        ? ctx.catalog.products.find((x) => x.title.startsWith('Café'))
        : pickProduct(ctx, rng, false);
    const product = p ?? pickProduct(ctx, rng, false);
    const variant = rng.pick(product.variants);
    const qRoll = rng.next();
    const quantity = qRoll < 0.7 ? 1 : qRoll < 0.95 ? rng.int(2, 3) : rng.int(4, 10);
    const withProps = (show?.properties && i === 0) || rng.chance(0.04);
    const properties = withProps
      ? [
          rng.chance(0.5)
            ? { name: 'Engraving', value: 'Happy birthday! 🎂' }
            : { name: 'Gift message', value: 'Für dich – with love' },
        ]
      : [];
    if (custom) {
      lines.push({
        productIndex: null,
        variantIndex: null,
        title: 'Custom engraving service',
        variantTitle: null,
        sku: null,
        quantity: 1,
        priceUsd: 1500,
        taxClass: 'standard',
        requiresShipping: false,
        properties,
        location: 0,
      });
      continue;
    }
    lines.push({
      productIndex: product.index,
      variantIndex: variant.index,
      title: product.title,
      variantTitle: product.simple ? null : variant.title,
      sku: variant.sku,
      quantity,
      priceUsd: variant.priceUsd,
      taxClass: product.taxClass,
      requiresShipping: !product.virtual,
      properties,
      location: product.homeLocation,
    });
  }
  return lines;
}

function makeCustomer(
  ctx: SeedContext,
  rng: Rng,
  index: number,
  country: CountryInfo,
  show: Showcase | undefined,
) {
  const roll = rng.next();
  const guestKind = show?.guest ?? (roll < 0.02 ? 'email-only' : roll < 0.3 ? 'named' : null);
  const registered = ctx.customers.pickIn(rng, country);
  const person = makePerson(rng, 100_000 + index, country);
  const ownAddress = makeAddress(rng, person, country);
  const giftAddress = makeAddress(rng, makePerson(rng, 200_000 + index, country), country);
  const shipElsewhere = rng.chance(0.15);
  if (guestKind === 'email-only') {
    const customer: PlanCustomer = {
      poolIndex: null,
      email: person.email,
      firstName: null,
      lastName: null,
      phone: null,
    };
    return { customer, billing: null, shipping: null };
  }
  const who =
    guestKind === 'named'
      ? { ...person, index: null, address: ownAddress }
      : { ...registered, address: rng.chance(0.2) ? ownAddress : registered.address };
  const customer: PlanCustomer = {
    poolIndex: who.index,
    email: who.email,
    firstName: who.firstName,
    lastName: who.lastName,
    phone: who.phone,
  };
  const billing: PostalAddress = {
    ...who.address,
    firstName: who.firstName,
    lastName: who.lastName,
    country,
  };
  return { customer, billing, shipping: shipElsewhere ? giftAddress : billing };
}

const GATEWAYS_WOO = [
  ['stripe', 'Credit Card (Stripe)', 55],
  ['ppcp-gateway', 'PayPal', 20],
  ['bacs', 'Direct bank transfer', 15],
  ['cod', 'Cash on delivery', 10],
] as const;
const GATEWAYS_SHOPIFY = [
  ['shopify_payments', 'Shopify Payments', 70],
  ['paypal', 'PayPal Express Checkout', 18],
  ['manual', 'Manual', 12],
] as const;

/** The full, deterministic order `index` of a store (or a fresh one created at `at`). */
export function generatePlan(ctx: SeedContext, index: number, at?: number, lifecycle?: Lifecycle): OrderPlan {
  const { header, rng, show } = drawHeader(ctx, index, at, lifecycle);
  const { country, currency } = pickCountry(ctx, rng, show);
  const foreignTaxes =
    country.code !== ctx.home.code && ctx.platform === 'shopify' ? country.taxesIncluded : ctx.taxesIncluded;
  const taxesIncluded = show?.taxesIncluded ?? foreignTaxes;
  const { customer, billing, shipping } = makeCustomer(ctx, rng, index, country, show);
  const lines = makeLines(ctx, rng, header.lineCount, show);
  const couponRoll = rng.next();
  const couponPick = rng.pick(COUPONS);
  const wantCoupon = show?.coupon ?? (couponRoll < 0.25 ? couponPick.kind : undefined);
  const coupon =
    wantCoupon === undefined
      ? null
      : wantCoupon === couponPick.kind
        ? couponPick
        : (COUPONS.find((c) => c.kind === wantCoupon) ?? couponPick);
  const shipRoll = rng.next();
  const needsShipping = lines.some((l) => l.requiresShipping);
  const shippingMethod = !needsShipping
    ? null
    : shipRoll < 0.6
      ? { title: 'Standard', code: 'Standard', methodId: 'flat_rate', priceUsd: 1000 }
      : shipRoll < 0.75
        ? { title: 'Express', code: 'Express', methodId: 'flat_rate', priceUsd: 2500 }
        : shipRoll < 0.97
          ? { title: 'Free shipping', code: 'Free shipping', methodId: 'free_shipping', priceUsd: 0 }
          : { title: 'Local pickup', code: 'Local pickup', methodId: 'local_pickup', priceUsd: 0 };
  const feeRoll = rng.next();
  const fees =
    ctx.platform !== 'woocommerce'
      ? []
      : show?.fee || feeRoll < 0.06
        ? [{ name: 'Gift wrapping', amountUsd: 300, taxable: true }]
        : feeRoll < 0.09
          ? [{ name: 'Payment surcharge', amountUsd: 150, taxable: true }]
          : [];
  const gateways = ctx.platform === 'woocommerce' ? GATEWAYS_WOO : GATEWAYS_SHOPIFY;
  const [method, title] = rng.weighted(gateways.map((g) => [[g[0], g[1]] as const, g[2]] as const));
  const payment = {
    method,
    title,
    transactionId:
      method === 'stripe' || method === 'shopify_payments'
        ? `pi_${rng.text(24)}`
        : method.startsWith('p')
          ? rng.text(17, '0123456789ABCDEFGHJKLMNPRSTUVWXYZ')
          : '',
  };
  const noteRoll = rng.next();
  const tagRoll = rng.next();
  const sourceRoll = rng.next();
  const plan: OrderPlan = {
    index,
    createdAt: header.createdAt,
    modifiedAt: header.modifiedAt,
    lifecycle: header.lifecycle,
    currency,
    taxesIncluded,
    country,
    customer,
    billing,
    shipping: needsShipping ? shipping : null,
    lines,
    coupon: coupon ? { code: coupon.code, kind: coupon.kind, value: coupon.value } : null,
    shippingMethod,
    fees,
    payment,
    paidAt: null,
    completedAt: null,
    cancelledAt: null,
    cancelReason: null,
    refunds: [],
    fulfillments: [],
    note: noteRoll < 0.1 ? 'Please leave at the front desk.' : null,
    tags: tagRoll < 0.1 ? ['vip'] : tagRoll < 0.15 ? ['wholesale', 'net-30'] : [],
    source: sourceRoll < 0.9 ? 'web' : sourceRoll < 0.95 ? 'pos' : 'api',
    browserIp: `203.0.113.${rng.int(1, 254)}`,
    userAgent:
      'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36',
    token: rng.text(32, '0123456789abcdef'),
    test: false,
  };
  planEvents(ctx.platform, plan, rng, {
    partialRefund: header.refundCount > 0 && header.lifecycle !== 'refunded',
    split: show?.splitFulfillment ?? false,
  });
  return plan;
}
