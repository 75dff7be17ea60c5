import { parseMinor, taxOnNet } from '../common/money';
import { Rng } from '../common/rng';
import { COUNTRIES, currencyInfo, type CountryInfo } from '../seed/geo';
import type { PostalAddress } from '../seed/people';
import type { OrderPlan, PlanLine } from '../seed/plan-types';
import { COUPONS } from '../seed/showcase';
import type { WooOrderInput } from './inputs';
import type { WooStore } from './store';
import { WooError, type WooAddress } from './types';

export function toAddress(
  a: Partial<WooAddress> | undefined,
  fallbackCountry: CountryInfo,
): PostalAddress | null {
  if (!a || !Object.values(a).some((v) => v)) return null;
  const country = COUNTRIES.find((c) => c.code === a.country) ?? {
    ...fallbackCountry,
    code: a.country || fallbackCountry.code,
  };
  return {
    firstName: a.first_name ?? '',
    lastName: a.last_name ?? '',
    company: a.company || null,
    address1: a.address_1 ?? '',
    address2: a.address_2 || null,
    city: a.city ?? '',
    regionCode: a.state ?? '',
    regionName: a.state ?? '',
    postcode: a.postcode ?? '',
    country,
    phone: a.phone || null,
  };
}

export function mergeAddress(
  base: PostalAddress | null,
  change: Partial<WooAddress> | undefined,
  country: CountryInfo,
): PostalAddress | null {
  if (!change) return base;
  const merged = toAddress(
    {
      first_name: base?.firstName,
      last_name: base?.lastName,
      company: base?.company ?? '',
      address_1: base?.address1,
      address_2: base?.address2 ?? '',
      city: base?.city,
      state: base?.regionCode,
      postcode: base?.postcode,
      country: base?.country.code,
      phone: base?.phone ?? '',
      ...change,
    },
    country,
  );
  return merged;
}

function lineFrom(
  store: WooStore,
  l: NonNullable<WooOrderInput['line_items']>[number],
  currency: string,
): PlanLine {
  const quantity = Math.max(1, l.quantity ?? 1);
  const bySku = l.sku
    ? store.catalog.products.flatMap((p) => [p, ...p.variations]).find((x) => x.sku === l.sku)
    : undefined;
  const variation = l.variation_id
    ? store.catalog.variation(l.product_id ?? 0, l.variation_id)
    : bySku && 'variant' in bySku
      ? bySku
      : undefined;
  const product =
    store.catalog.product(variation ? variation.parentId : (l.product_id ?? 0)) ??
    (bySku && 'product' in bySku ? bySku : undefined);
  const props = (l.meta_data ?? [])
    .filter((m) => !m.key.startsWith('_'))
    .map((m) => ({ name: m.key, value: m.value }));
  const explicit = l.total !== undefined ? parseMinor(l.total, currencyInfo(currency).digits) : null;
  if (!product) {
    return {
      productIndex: null,
      variantIndex: null,
      title: l.name ?? '',
      variantTitle: null,
      sku: null,
      quantity,
      priceUsd: 0,
      fixedUnit: { currency, minor: explicit === null ? 0 : Math.round(explicit / quantity) },
      taxClass: 'standard',
      requiresShipping: true,
      properties: props,
      location: 0,
    };
  }
  const unit = variation
    ? (variation.salePrice ?? variation.regularPrice)
    : (product.salePrice ?? product.regularPrice);
  return {
    productIndex: product.product.index,
    variantIndex: variation ? variation.variant.index : (product.product.variants[0]?.index ?? null),
    title: product.name,
    variantTitle: variation ? variation.variant.title : null,
    sku: variation ? variation.sku : product.sku,
    quantity,
    priceUsd: 0,
    fixedUnit:
      explicit !== null
        ? { currency, minor: Math.round(explicit / quantity) }
        : { currency: store.currency.code, minor: unit },
    taxClass: product.product.taxClass,
    requiresShipping: !product.product.virtual,
    properties: props,
    location: product.product.homeLocation,
  };
}

/** A plan built only from a REST body (what POST /orders does: empty addresses stay empty). */
export function planFromInput(store: WooStore, index: number, now: number, input: WooOrderInput): OrderPlan {
  const currency = input.currency ?? store.currency.code;
  const digits = currencyInfo(currency).digits;
  const home = store.ctx.home;
  const countryCode = input.shipping?.country || input.billing?.country || home.code;
  const country = COUNTRIES.find((c) => c.code === countryCode) ?? {
    ...home,
    code: countryCode,
    name: countryCode,
    standardBp: 0,
    reducedBp: 0,
  };
  const pool =
    input.customer_id && input.customer_id >= 2 ? store.ctx.customers.get(input.customer_id - 2) : null;
  const billing = toAddress(input.billing, country);
  const rng = new Rng(store.seedKey(index, 99));
  const gross = (exMinor: number) =>
    store.pricesIncludeTax ? exMinor + taxOnNet(exMinor, country.standardBp) : exMinor;
  const coupon = input.coupon_lines?.[0];
  const known = coupon ? COUPONS.find((c) => c.code.toLowerCase() === coupon.code.toLowerCase()) : undefined;
  if (coupon && !known)
    throw new WooError(400, 'woocommerce_rest_invalid_coupon', `Coupon "${coupon.code}" does not exist!`);
  const ship = input.shipping_lines?.[0];
  return {
    index,
    createdAt: now,
    modifiedAt: now,
    lifecycle: 'pending',
    currency,
    taxesIncluded: store.pricesIncludeTax,
    country,
    customer: pool
      ? {
          poolIndex: pool.index,
          email: input.billing?.email || pool.email,
          firstName: pool.firstName,
          lastName: pool.lastName,
          phone: pool.phone,
        }
      : input.billing?.email || billing
        ? {
            poolIndex: null,
            email: input.billing?.email || null,
            firstName: billing?.firstName || null,
            lastName: billing?.lastName || null,
            phone: billing?.phone ?? null,
          }
        : null,
    billing,
    shipping: toAddress(input.shipping, country),
    lines: (input.line_items ?? []).map((l) => lineFrom(store, l, currency)),
    coupon: known ? { code: known.code, kind: known.kind, value: known.value } : null,
    shippingMethod: ship
      ? {
          title: ship.method_title ?? 'Shipping',
          code: ship.method_title ?? 'Shipping',
          methodId: ship.method_id ?? 'flat_rate',
          priceUsd: 0,
          fixed: { currency, minor: gross(parseMinor(ship.total ?? '0', digits) ?? 0) },
        }
      : null,
    fees: (input.fee_lines ?? []).map((f) => ({
      name: f.name ?? 'Fee',
      amountUsd: 0,
      fixed: { currency, minor: gross(parseMinor(f.total ?? '0', digits) ?? 0) },
      taxable: f.tax_status !== 'none',
    })),
    payment: {
      method: input.payment_method ?? '',
      title: input.payment_method_title ?? '',
      transactionId: input.transaction_id ?? '',
    },
    paidAt: null,
    completedAt: null,
    cancelledAt: null,
    cancelReason: null,
    refunds: [],
    fulfillments: [],
    note: input.customer_note ?? null,
    tags: [],
    source: 'api',
    browserIp: '',
    userAgent: '',
    token: rng.text(13),
    test: false,
  };
}
