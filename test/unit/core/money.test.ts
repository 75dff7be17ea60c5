import { Money, MoneyParseError, formatAmount, formatDecimal, parseDecimal } from '../../../src/core/money';
import { minorDigits } from '../../../src/core/currencies';
import { parseJsonExact } from '../../../src/core/json';

describe('money', () => {
  it('formats with each currency’s ISO 4217 minor digits', () => {
    expect(formatAmount('19.9', 'USD')).toBe('19.90');
    expect(formatAmount('1000', 'JPY')).toBe('1000');
    expect(formatAmount('1000.00', 'JPY')).toBe('1000');
    expect(formatAmount('1.25', 'KWD')).toBe('1.250');
    expect(minorDigits('CLF')).toBe(4);
    expect(minorDigits('EUR')).toBe(2);
  });

  it('keeps negatives and never prints negative zero', () => {
    expect(formatAmount('-5.5', 'USD')).toBe('-5.50');
    expect(formatAmount('-0.001', 'USD')).toBe('0.00');
    expect(Money.of('-2.005', 'USD').toString()).toBe('-2.01');
  });

  it('sums many lines exactly where binary floating point drifts', () => {
    const lines = Array.from({ length: 1000 }, () => Money.of('0.1', 'USD'));
    expect(Money.sum(lines, 'USD').toString()).toBe('100.00');
    let float = 0;
    for (let i = 0; i < 1000; i++) float += 0.1;
    expect(float).not.toBe(100); // the reason this module exists
  });

  it('multiplies by quantities and decimal rates exactly', () => {
    expect(Money.of('19.99', 'USD').times(3).toString()).toBe('59.97');
    expect(Money.of('0.29', 'USD').times('0.5').toString()).toBe('0.15'); // 0.145 rounds half up
    expect(Money.of('1.005', 'USD').toString()).toBe('1.01');
  });

  it('parses JSON numbers exactly, including a float-noise price from WooCommerce', () => {
    const doc = parseJsonExact(
      '{"price": 9.99, "noisy": 6.989999999999999, "big": 820982911946154508, "long": 0.12345678901234567890, "trail": 1.50}',
    ) as Record<string, unknown>;
    expect(formatAmount(doc.price, 'USD')).toBe('9.99');
    expect(parseDecimal(doc.noisy).toFixed()).toBe('6.989999999999999');
    expect(formatAmount(doc.noisy, 'USD')).toBe('6.99');
    expect(doc.big).toBe('820982911946154508');
    expect(doc.long).toBe('0.12345678901234567890');
    expect(doc.trail).toBe('1.50');
    expect(parseJsonExact('{"id": 450789469, "price": 6.99}')).toEqual({ id: 450789469, price: 6.99 });
    expect(parseDecimal(9.99).toFixed()).toBe('9.99');
  });

  it('rejects garbage with a clear error', () => {
    for (const bad of ['', 'abc', '1,000.00', '10.00 USD', null, undefined, NaN, Infinity, {}, [], true]) {
      expect(() => Money.of(bad, 'USD')).toThrow(MoneyParseError);
    }
    expect(() => Money.of('1', 'usd')).toThrow(RangeError);
    expect(() => Money.of('1', 'USD').plus(Money.of('1', 'EUR'))).toThrow('cannot combine USD with EUR');
  });

  it('converts to exact minor units', () => {
    expect(Money.of('123456789012345.67', 'USD').toMinorUnits()).toBe(12345678901234567n);
    expect(Money.of('1.250', 'KWD').toMinorUnits()).toBe(1250n);
    expect(formatDecimal('0.100')).toBe('0.1');
  });
});
