import { formatDecimalTrimmed } from '../../common/money';
import { currencyInfo } from '../../seed/geo';
import type { Pair } from '../amounts';
import type { Derived } from '../derive';

/** GraphQL `MoneyV2` amounts are `Decimal` text as Shopify prints it: "10.0", "45.62", "2980.0". */
export function moneyV2(minor: number, currency: string) {
  return {
    __typename: 'MoneyV2',
    amount: formatDecimalTrimmed(minor, currencyInfo(currency).digits),
    currencyCode: currency,
  };
}

export function bag(d: Derived, p: Pair) {
  return { shopMoney: moneyV2(p.shop, d.shop.currency), presentmentMoney: moneyV2(p.pres, d.pres.currency) };
}

export function taxLine(d: Derived, rateBp: number, p: Pair) {
  return {
    title: d.plan.country.taxLabel,
    rate: rateBp / 10000,
    ratePercentage: rateBp / 100,
    priceSet: bag(d, p),
    channelLiable: false,
    source: 'Shopify',
  };
}
