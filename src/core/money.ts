import Decimal from 'decimal.js';
import { minorDigits } from './currencies';

/** A decimal context of its own, so no other user of decimal.js can change how money rounds. */
const Dec = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_HALF_UP, toExpNeg: -40, toExpPos: 40 });
type Dec = InstanceType<typeof Dec>;

const DECIMAL_TEXT = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

export class MoneyParseError extends Error {
  constructor(readonly input: unknown) {
    super(`not an exact decimal amount: ${describe(input)}`);
    this.name = 'MoneyParseError';
  }
}

function describe(input: unknown): string {
  if (typeof input === 'string') return JSON.stringify(input.length > 40 ? `${input.slice(0, 40)}…` : input);
  if (typeof input === 'number') return String(input);
  return input === null ? 'null' : typeof input;
}

/**
 * Parses a decimal amount exactly. Strings are read digit for digit; a JSON number (WooCommerce's
 * line `price`) is read from its shortest round-trip text, which is the text the platform sent for
 * any number of at most 17 significant digits. Nothing goes through float arithmetic.
 */
export function parseDecimal(input: unknown): Dec {
  if (typeof input === 'string') {
    const text = input.trim();
    if (!DECIMAL_TEXT.test(text)) throw new MoneyParseError(input);
    return new Dec(text);
  }
  if (typeof input === 'number' && Number.isFinite(input)) return new Dec(String(input));
  if (typeof input === 'bigint') return new Dec(input.toString());
  throw new MoneyParseError(input);
}

/** An exact amount in one currency, always rounded to that currency's ISO 4217 minor digits on output. */
export class Money {
  private constructor(
    private readonly value: Dec,
    readonly currency: string,
  ) {}

  static of(input: unknown, currency: string): Money {
    minorDigits(currency);
    return new Money(parseDecimal(input), currency);
  }

  /** Like `of`, but an absent value (null, undefined, "") is zero. */
  static orZero(input: unknown, currency: string): Money {
    if (input === null || input === undefined || input === '') return Money.zero(currency);
    return Money.of(input, currency);
  }

  static zero(currency: string): Money {
    minorDigits(currency);
    return new Money(new Dec(0), currency);
  }

  static sum(amounts: Iterable<Money>, currency: string): Money {
    let total = Money.zero(currency);
    for (const amount of amounts) total = total.plus(amount);
    return total;
  }

  plus(other: Money): Money {
    this.assertSameCurrency(other);
    return new Money(this.value.plus(other.value), this.currency);
  }

  minus(other: Money): Money {
    this.assertSameCurrency(other);
    return new Money(this.value.minus(other.value), this.currency);
  }

  /** Multiplies by an exact factor (a quantity, or a decimal rate given as text). */
  times(factor: number | string): Money {
    return new Money(this.value.times(parseDecimal(factor)), this.currency);
  }

  negate(): Money {
    return new Money(this.value.negated(), this.currency);
  }

  abs(): Money {
    return new Money(this.value.abs(), this.currency);
  }

  /** Rounded to the currency's minor digits, as the canonical model stores it. */
  round(): Money {
    return new Money(this.value.toDecimalPlaces(minorDigits(this.currency)), this.currency);
  }

  isZero(): boolean {
    return this.round().value.isZero();
  }

  isNegative(): boolean {
    return this.round().value.isNegative() && !this.isZero();
  }

  compare(other: Money): -1 | 0 | 1 {
    this.assertSameCurrency(other);
    return this.value.comparedTo(other.value) as -1 | 0 | 1;
  }

  /** Integer minor units (cents), exact, as a bigint. */
  toMinorUnits(): bigint {
    const digits = minorDigits(this.currency);
    return BigInt(this.value.times(new Dec(10).pow(digits)).toDecimalPlaces(0).toFixed(0));
  }

  /** The canonical text: exactly the currency's minor digits, `-` only for amounts below zero. */
  toString(): string {
    const text = this.value.toFixed(minorDigits(this.currency));
    return /^-0(\.0*)?$/.test(text) ? text.slice(1) : text;
  }

  toJSON(): string {
    return this.toString();
  }

  private assertSameCurrency(other: Money): void {
    if (other.currency !== this.currency) {
      throw new RangeError(`cannot combine ${this.currency} with ${other.currency}`);
    }
  }
}

/** Canonical amount text for a platform value, e.g. `formatAmount("6.989999999999999", "USD") === "6.99"`. */
export function formatAmount(input: unknown, currency: string): string {
  return Money.of(input, currency).toString();
}

/** A decimal rate or factor as canonical text without trailing zeros: `"0.100"` → `"0.1"`. */
export function formatDecimal(input: unknown): string {
  const value = parseDecimal(input);
  return value.toFixed();
}
