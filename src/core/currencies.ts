/**
 * ISO 4217 minor units. Every currency not listed here has 2 minor digits.
 * Source: ISO 4217 amendment list (SIX), the table Shopify and WooCommerce follow.
 */
const MINOR_DIGITS_EXCEPTIONS: Readonly<Record<string, number>> = {
  BIF: 0,
  CLP: 0,
  DJF: 0,
  GNF: 0,
  ISK: 0,
  JPY: 0,
  KMF: 0,
  KRW: 0,
  PYG: 0,
  RWF: 0,
  UGX: 0,
  UYI: 0,
  VND: 0,
  VUV: 0,
  XAF: 0,
  XOF: 0,
  XPF: 0,
  BHD: 3,
  IQD: 3,
  JOD: 3,
  KWD: 3,
  LYD: 3,
  OMR: 3,
  TND: 3,
  CLF: 4,
  UYW: 4,
};

const CURRENCY_CODE = /^[A-Z]{3}$/;

export function isCurrencyCode(value: unknown): value is string {
  return typeof value === 'string' && CURRENCY_CODE.test(value);
}

export function minorDigits(currency: string): number {
  if (!isCurrencyCode(currency))
    throw new RangeError(`not an ISO 4217 currency code: ${JSON.stringify(currency)}`);
  return MINOR_DIGITS_EXCEPTIONS[currency] ?? 2;
}
