import Decimal from 'decimal.js';
import type { JsonValue } from '../../core/json';
import { Money, parseDecimal } from '../../core/money';
import { decimalText } from './fields';

/**
 * How the order's amounts are shown. WooCommerce stores every item amount without tax (`subtotal`,
 * `total`, shipping and fee `total`) and the tax beside it (`subtotal_tax`, `total_tax`), whatever
 * `prices_include_tax` says. The canonical model gives amounts "as the channel displays them", so
 * when the order's prices include tax the item tax is added back. That keeps both identities of
 * canonical-order.md: with tax included, subtotal − discount + shipping + fees = total, because
 * each displayed figure already carries its share of `total_tax`.
 */
export class Pricing {
  constructor(
    readonly currency: string,
    readonly taxesIncluded: boolean,
  ) {}

  /** An amount as sent (string or JSON number, "" for zero), exact. */
  money(value: JsonValue | undefined): Money {
    return Money.of(decimalText(value), this.currency);
  }

  /** A net amount and its tax, as displayed: with the tax when prices include tax. */
  displayed(net: JsonValue | undefined, tax: JsonValue | undefined): Money {
    const amount = this.money(net);
    return this.taxesIncluded ? amount.plus(this.money(tax)) : amount;
  }

  /** The displayed amount of `net` (+ `tax`) divided by `divisor`, exact until rounded to the minor digits. */
  displayedShare(net: JsonValue | undefined, tax: JsonValue | undefined, divisor: number): Money {
    let amount = parseDecimal(decimalText(net));
    if (this.taxesIncluded) amount = amount.plus(parseDecimal(decimalText(tax)));
    return Money.of(amount.div(divisor).toFixed(), this.currency).round();
  }

  /** Canonical text of a platform value that may be a JSON number with float artefacts. */
  amount(value: JsonValue | undefined): string {
    return this.money(value).round().toString();
  }
}

/**
 * Whole units for the canonical `quantity` (an integer). Core WooCommerce sends integers; quantity
 * plugins can send decimals (or text): those round up, so a line that sold anything keeps a unit,
 * and `unitPrice` is derived from that quantity so that the line identity still holds.
 */
export function wholeQuantity(value: JsonValue | undefined): number {
  if (value === undefined || value === null || value === '') return 0;
  const quantity = parseDecimal(value).abs();
  return quantity.toDecimalPlaces(0, Decimal.ROUND_CEIL).toNumber();
}
