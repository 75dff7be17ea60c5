import { minorDigits } from '../../core/currencies';

/** Currencies the seed uses: digits from ISO 4217 (core table), a display symbol and an exchange rate. */
export interface CurrencyInfo {
  code: string;
  digits: number;
  symbol: string;
  /** Units of this currency per US dollar (fixed, so seeds are reproducible). */
  perUsd: number;
  /** Smallest "nice" price step in minor units when converting catalog prices (10 yen, 50 fils). */
  step: number;
}

const CURRENCY_TABLE: Record<string, Omit<CurrencyInfo, 'code' | 'digits'>> = {
  USD: { symbol: '$', perUsd: 1, step: 1 },
  EUR: { symbol: '€', perUsd: 0.92, step: 1 },
  GBP: { symbol: '£', perUsd: 0.79, step: 1 },
  JPY: { symbol: '¥', perUsd: 150, step: 10 },
  KWD: { symbol: 'د.ك', perUsd: 0.307, step: 5 },
  CAD: { symbol: '$', perUsd: 1.36, step: 1 },
  AUD: { symbol: '$', perUsd: 1.52, step: 1 },
  CHF: { symbol: 'CHF', perUsd: 0.88, step: 5 },
  SEK: { symbol: 'kr', perUsd: 10.4, step: 100 },
  BHD: { symbol: '.د.ب', perUsd: 0.376, step: 5 },
  KRW: { symbol: '₩', perUsd: 1350, step: 100 },
};

const infos = new Map<string, CurrencyInfo>();

export function currencyInfo(code: string): CurrencyInfo {
  let info = infos.get(code);
  if (!info) {
    const known = CURRENCY_TABLE[code];
    info = { code, digits: minorDigits(code), ...(known ?? { symbol: code, perUsd: 1, step: 1 }) };
    infos.set(code, info);
  }
  return info;
}

/** Converts a USD catalog price (cents) into `currency` minor units, rounded to the currency's price step. */
export function convertFromUsd(usdCents: number, currency: CurrencyInfo): number {
  const exact = (usdCents / 100) * currency.perUsd * 10 ** currency.digits;
  const stepped = Math.round(exact / currency.step) * currency.step;
  return Math.max(usdCents === 0 ? 0 : currency.step, stepped);
}

export interface Region {
  code: string;
  name: string;
  cities: readonly (readonly [city: string, postcode: string])[];
}

export interface CountryInfo {
  code: string;
  name: string;
  currency: string;
  /** Tax label (WooCommerce rate label / Shopify tax line title). */
  taxLabel: string;
  standardBp: number;
  reducedBp: number;
  /** Whether shops in this market usually show prices with tax (Shopify markets, EU practice). */
  taxesIncluded: boolean;
  phonePrefix: string;
  streets: readonly string[];
  regions: readonly Region[];
}

export const COUNTRIES: readonly CountryInfo[] = [
  {
    code: 'US',
    name: 'United States',
    currency: 'USD',
    taxLabel: 'State Tax',
    standardBp: 825,
    reducedBp: 400,
    taxesIncluded: false,
    phonePrefix: '+1 415 555 ',
    streets: ['Market St', 'Main Street', 'Broadway', 'Elm Street', 'Sunset Blvd'],
    regions: [
      {
        code: 'CA',
        name: 'California',
        cities: [
          ['San Francisco', '94105'],
          ['Los Angeles', '90012'],
          ['San Diego', '92101'],
        ],
      },
      {
        code: 'NY',
        name: 'New York',
        cities: [
          ['New York', '10001'],
          ['Brooklyn', '11201'],
          ['Buffalo', '14202'],
        ],
      },
      {
        code: 'TX',
        name: 'Texas',
        cities: [
          ['Austin', '78701'],
          ['Houston', '77002'],
        ],
      },
      {
        code: 'WA',
        name: 'Washington',
        cities: [
          ['Seattle', '98101'],
          ['Spokane', '99201'],
        ],
      },
      { code: 'IL', name: 'Illinois', cities: [['Chicago', '60601']] },
    ],
  },
  {
    code: 'CA',
    name: 'Canada',
    currency: 'CAD',
    taxLabel: 'HST',
    standardBp: 1300,
    reducedBp: 500,
    taxesIncluded: false,
    phonePrefix: '+1 416 555 ',
    streets: ['Queen St W', 'Yonge St', 'Bay Street'],
    regions: [
      {
        code: 'ON',
        name: 'Ontario',
        cities: [
          ['Toronto', 'M5H 2N2'],
          ['Ottawa', 'K1P 1J1'],
        ],
      },
      { code: 'QC', name: 'Quebec', cities: [['Montréal', 'H2Y 1C6']] },
    ],
  },
  {
    code: 'GB',
    name: 'United Kingdom',
    currency: 'GBP',
    taxLabel: 'VAT',
    standardBp: 2000,
    reducedBp: 500,
    taxesIncluded: true,
    phonePrefix: '+44 20 7946 ',
    streets: ['High Street', 'Baker Street', 'Station Road'],
    regions: [
      {
        code: 'LND',
        name: 'London',
        cities: [
          ['London', 'EC1A 1BB'],
          ['Camden', 'NW1 8NH'],
        ],
      },
    ],
  },
  {
    code: 'DE',
    name: 'Germany',
    currency: 'EUR',
    taxLabel: 'MwSt.',
    standardBp: 1900,
    reducedBp: 700,
    taxesIncluded: true,
    phonePrefix: '+49 30 901820',
    streets: ['Hauptstraße', 'Schillerstraße', 'Müllerstraße'],
    regions: [
      { code: 'BE', name: 'Berlin', cities: [['Berlin', '10115']] },
      {
        code: 'BY',
        name: 'Bayern',
        cities: [
          ['München', '80331'],
          ['Nürnberg', '90402'],
        ],
      },
    ],
  },
  {
    code: 'FR',
    name: 'France',
    currency: 'EUR',
    taxLabel: 'TVA',
    standardBp: 2000,
    reducedBp: 550,
    taxesIncluded: true,
    phonePrefix: '+33 1 70 36 ',
    streets: ['Rue de Rivoli', 'Avenue des Champs-Élysées', 'Rue Lafayette'],
    regions: [
      {
        code: 'IDF',
        name: 'Île-de-France',
        cities: [
          ['Paris', '75001'],
          ['Versailles', '78000'],
        ],
      },
    ],
  },
  {
    code: 'NL',
    name: 'Netherlands',
    currency: 'EUR',
    taxLabel: 'BTW',
    standardBp: 2100,
    reducedBp: 900,
    taxesIncluded: true,
    phonePrefix: '+31 20 794 ',
    streets: ['Damrak', 'Kalverstraat', 'Prinsengracht'],
    regions: [
      {
        code: 'NH',
        name: 'Noord-Holland',
        cities: [
          ['Amsterdam', '1012 JS'],
          ['Haarlem', '2011 VH'],
        ],
      },
    ],
  },
  {
    code: 'JP',
    name: 'Japan',
    currency: 'JPY',
    taxLabel: 'JCT',
    standardBp: 1000,
    reducedBp: 800,
    taxesIncluded: true,
    phonePrefix: '+81 3 1234 ',
    streets: ['Chūō-dōri', 'Omotesandō', 'Meiji-dōri'],
    regions: [
      {
        code: 'JP13',
        name: 'Tokyo',
        cities: [
          ['Chiyoda-ku', '100-0001'],
          ['Shibuya-ku', '150-0002'],
        ],
      },
      { code: 'JP27', name: 'Osaka', cities: [['Osaka', '530-0001']] },
    ],
  },
  {
    code: 'KW',
    name: 'Kuwait',
    currency: 'KWD',
    taxLabel: 'VAT',
    standardBp: 0,
    reducedBp: 0,
    taxesIncluded: false,
    phonePrefix: '+965 2220 ',
    streets: ['Gulf Road', 'Fahad Al-Salem Street'],
    regions: [{ code: 'KU', name: 'Al Asimah', cities: [['Kuwait City', '13001']] }],
  },
  {
    code: 'AU',
    name: 'Australia',
    currency: 'AUD',
    taxLabel: 'GST',
    standardBp: 1000,
    reducedBp: 0,
    taxesIncluded: true,
    phonePrefix: '+61 2 5550 ',
    streets: ['George Street', 'Collins Street'],
    regions: [
      { code: 'NSW', name: 'New South Wales', cities: [['Sydney', '2000']] },
      { code: 'VIC', name: 'Victoria', cities: [['Melbourne', '3000']] },
    ],
  },
];

export function countryInfo(code: string): CountryInfo {
  const found = COUNTRIES.find((c) => c.code === code);
  if (!found) throw new RangeError(`no sandbox country ${code}`);
  return found;
}

/** The country a store in `currency` is based in (EUR → DE), falling back to the US. */
export function homeCountry(currency: string): CountryInfo {
  return COUNTRIES.find((c) => c.currency === currency) ?? countryInfo('US');
}

/** Countries whose orders come in `currency`. */
export function countriesFor(currency: string): CountryInfo[] {
  const list = COUNTRIES.filter((c) => c.currency === currency);
  return list.length > 0 ? list : [countryInfo('US')];
}
