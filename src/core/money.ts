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

/** A decimal as an integer and a power of ten: `value = units / 10^scale`. Exact, and far cheaper than a decimal library. */
interface Scaled {
  units: bigint;
  scale: number;
}

const PLAIN_DECIMAL = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;
const TEN = 10n;

function pow10(n: number): bigint {
  return TEN ** BigInt(n);
}

function toScaled(input: unknown): Scaled {
  let text: string;
  if (typeof input === 'string') text = input.trim();
  else if (typeof input === 'number' && Number.isFinite(input)) text = String(input);
  else if (typeof input === 'bigint') return { units: input, scale: 0 };
  else throw new MoneyParseError(input);
  const m = PLAIN_DECIMAL.exec(text);
  if (!m || !DECIMAL_TEXT.test(text)) throw new MoneyParseError(input);
  const [, sign, whole = '', fraction = '', exponent] = m;
  let scale = fraction.length - (exponent ? Number(exponent) : 0);
  let digits = `${whole}${fraction}` || '0';
  if (scale < 0) {
    digits += '0'.repeat(-scale);
    scale = 0;
  }
  const units = BigInt(digits);
  return { units: sign === '-' ? -units : units, scale };
}

function align(a: Scaled, b: Scaled): [bigint, bigint, number] {
  if (a.scale === b.scale) return [a.units, b.units, a.scale];
  return a.scale > b.scale
    ? [a.units, b.units * pow10(a.scale - b.scale), a.scale]
    : [a.units * pow10(b.scale - a.scale), b.units, b.scale];
}

/** Rounds half away from zero to `digits` fractional digits. */
function roundTo(value: Scaled, digits: number): Scaled {
  if (value.scale <= digits) return { units: value.units * pow10(digits - value.scale), scale: digits };
  const divisor = pow10(value.scale - digits);
  const negative = value.units < 0n;
  const magnitude = negative ? -value.units : value.units;
  let quotient = magnitude / divisor;
  if ((magnitude % divisor) * 2n >= divisor) quotient += 1n;
  return { units: negative ? -quotient : quotient, scale: digits };
}

/** An exact amount in one currency, always rounded to that currency's ISO 4217 minor digits on output. */
export class Money {
  private constructor(
    private readonly value: Scaled,
    readonly currency: string,
  ) {}

  static of(input: unknown, currency: string): Money {
    minorDigits(currency);
    return new Money(toScaled(input), currency);
  }

  /** Like `of`, but an absent value (null, undefined, "") is zero. */
  static orZero(input: unknown, currency: string): Money {
    if (input === null || input === undefined || input === '') return Money.zero(currency);
    return Money.of(input, currency);
  }

  static zero(currency: string): Money {
    minorDigits(currency);
    return new Money({ units: 0n, scale: 0 }, currency);
  }

  static sum(amounts: Iterable<Money>, currency: string): Money {
    let total = Money.zero(currency);
    for (const amount of amounts) total = total.plus(amount);
    return total;
  }

  plus(other: Money): Money {
    this.assertSameCurrency(other);
    const [a, b, scale] = align(this.value, other.value);
    return new Money({ units: a + b, scale }, this.currency);
  }

  minus(other: Money): Money {
    this.assertSameCurrency(other);
    const [a, b, scale] = align(this.value, other.value);
    return new Money({ units: a - b, scale }, this.currency);
  }

  /** Multiplies by an exact factor (a quantity, or a decimal rate given as text). */
  times(factor: number | string): Money {
    const f = toScaled(factor);
    return new Money({ units: this.value.units * f.units, scale: this.value.scale + f.scale }, this.currency);
  }

  negate(): Money {
    return new Money({ units: -this.value.units, scale: this.value.scale }, this.currency);
  }

  abs(): Money {
    return this.value.units < 0n ? this.negate() : this;
  }

  /** Rounded to the currency's minor digits, as the canonical model stores it. */
  round(): Money {
    return new Money(roundTo(this.value, minorDigits(this.currency)), this.currency);
  }

  isZero(): boolean {
    return roundTo(this.value, minorDigits(this.currency)).units === 0n;
  }

  isNegative(): boolean {
    return roundTo(this.value, minorDigits(this.currency)).units < 0n;
  }

  compare(other: Money): -1 | 0 | 1 {
    this.assertSameCurrency(other);
    const [a, b] = align(this.value, other.value);
    return a === b ? 0 : a < b ? -1 : 1;
  }

  /** Integer minor units (cents), exact, as a bigint. */
  toMinorUnits(): bigint {
    return roundTo(this.value, minorDigits(this.currency)).units;
  }

  /** The canonical text: exactly the currency's minor digits, `-` only for amounts below zero. */
  toString(): string {
    const digits = minorDigits(this.currency);
    const { units } = roundTo(this.value, digits);
    const negative = units < 0n;
    const text = (negative ? -units : units).toString().padStart(digits + 1, '0');
    const body = digits === 0 ? text : `${text.slice(0, -digits)}.${text.slice(-digits)}`;
    return negative ? `-${body}` : body;
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
