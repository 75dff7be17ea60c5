import { formatMinor } from '../common/money';
import { COUNTRIES, type CountryInfo } from '../seed/geo';
import type { Priced } from '../seed/pricing';
import type { WooTaxLine } from './types';

/** Tax rate ids as the store's tax table numbers them: two per country (standard, reduced). */
export function taxRateId(countryCode: string, reduced: boolean): number {
  const i = COUNTRIES.findIndex((c) => c.code === countryCode);
  return (i < 0 ? 0 : i) * 2 + (reduced ? 2 : 1);
}

export function taxLines(firstId: number, country: CountryInfo, priced: Priced): WooTaxLine[] {
  return priced.taxRates.map((r, i) => {
    const label = r.reduced ? `${country.taxLabel} (reduced)` : country.taxLabel;
    return {
      id: firstId + i,
      rate_code: `${country.code}-${label.toUpperCase()}-1`,
      rate_id: taxRateId(country.code, r.reduced),
      label,
      compound: false,
      tax_total: formatMinor(r.items, priced.digits),
      shipping_tax_total: formatMinor(r.shipping, priced.digits),
      rate_percent: r.rateBp / 100,
      meta_data: [],
    };
  });
}
