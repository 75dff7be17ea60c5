import { hashSeed, Rng } from '../common/rng';
import { COUNTRIES, type CountryInfo } from './geo';

const FIRST = [
  'Ada',
  'Grace',
  'Alan',
  'Linus',
  'Zoë',
  'José',
  'Chloé',
  'Hana',
  'Omar',
  'Priya',
  'Lena',
  'Mateo',
  'Yuki',
  'Fatima',
  'Noah',
  'Emma',
  'Liam',
  'Sofia',
  'Jonas',
  'Aisha',
  'Sven',
  'Amélie',
  'Kenji',
  'Nora',
] as const;
const LAST = [
  'Lovelace',
  'Hopper',
  'Turing',
  'Torvalds',
  'Müller',
  'García',
  'Dubois',
  'Tanaka',
  'Al-Sabah',
  'Patel',
  'Schmidt',
  'Rossi',
  'Yamamoto',
  'Haddad',
  'Smith',
  "O'Brien",
  'Jansen',
  'Nakamura',
  'Andersson',
  'Martin',
  'de Vries',
  'Kowalski',
] as const;
const COMPANIES = [
  'Analytical Engines Ltd',
  'Acme Corp',
  'Globex GmbH',
  'Initech',
  'Umbrella SARL',
  'Hooli BV',
] as const;
const DOMAINS = ['example.com', 'example.org', 'example.net', 'mail.example'] as const;

export interface Person {
  firstName: string;
  lastName: string;
  email: string;
  phone: string;
  company: string | null;
}

export interface PostalAddress {
  firstName: string;
  lastName: string;
  company: string | null;
  address1: string;
  address2: string | null;
  city: string;
  regionCode: string;
  regionName: string;
  postcode: string;
  country: CountryInfo;
  phone: string | null;
}

function emailFor(first: string, last: string, n: number, rng: Rng): string {
  const clean = (s: string) =>
    s
      .normalize('NFD')
      .replace(/[^A-Za-z]/g, '')
      .toLowerCase();
  return `${clean(first)}.${clean(last)}${n % 7 === 0 ? '' : n}@${rng.pick(DOMAINS)}`;
}

export function makePerson(rng: Rng, n: number, country: CountryInfo): Person {
  const firstName = rng.pick(FIRST);
  const lastName = rng.pick(LAST);
  return {
    firstName,
    lastName,
    email: emailFor(firstName, lastName, n, rng),
    phone: `${country.phonePrefix}${String(rng.int(0, 9999)).padStart(4, '0')}`,
    company: rng.chance(0.15) ? rng.pick(COMPANIES) : null,
  };
}

export function makeAddress(rng: Rng, person: Person, country: CountryInfo): PostalAddress {
  const region = rng.pick(country.regions);
  const [city, postcode] = rng.pick(region.cities);
  return {
    firstName: person.firstName,
    lastName: person.lastName,
    company: person.company,
    address1:
      country.code === 'JP'
        ? `${rng.int(1, 9)}-${rng.int(1, 20)}-${rng.int(1, 30)} ${rng.pick(country.streets)}`
        : `${rng.int(1, 999)} ${rng.pick(country.streets)}`,
    address2: rng.chance(0.25) ? `Apt ${rng.int(1, 40)}` : null,
    city,
    regionCode: region.code,
    regionName: region.name,
    postcode,
    country,
    phone: rng.chance(0.7) ? person.phone : null,
  };
}

/** A registered customer: fixed per (store seed, index), so every order of theirs agrees. */
export interface PoolCustomer extends Person {
  index: number;
  address: PostalAddress;
  createdAt: number;
}

/** Registered customers; country of customer i cycles so every market has customers. */
export class CustomerPool {
  static readonly SIZE = 4000;
  private readonly cache = new Map<number, PoolCustomer>();

  constructor(
    private readonly seed: number,
    private readonly home: CountryInfo,
    private readonly since: number,
  ) {}

  /** Country slot layout: 0..11 home country, then one slot per other country. */
  private countryOf(index: number): CountryInfo {
    const others = COUNTRIES.filter((c) => c.code !== this.home.code);
    const slot = index % (12 + others.length);
    return slot < 12 ? this.home : (others[slot - 12] ?? this.home);
  }

  /** A customer living in `country`, picked with `rng`. */
  pickIn(rng: Rng, country: CountryInfo): PoolCustomer {
    const others = COUNTRIES.filter((c) => c.code !== this.home.code);
    const width = 12 + others.length;
    const slot = country.code === this.home.code ? rng.int(0, 11) : 12 + Math.max(0, others.indexOf(country));
    const round = rng.int(0, Math.floor(CustomerPool.SIZE / width) - 1);
    return this.get(round * width + slot);
  }

  get(index: number): PoolCustomer {
    const cached = this.cache.get(index);
    if (cached) return cached;
    const rng = new Rng(hashSeed(this.seed, 0xc057, index));
    const country = this.countryOf(index);
    const person = makePerson(rng, index, country);
    const customer: PoolCustomer = {
      ...person,
      index,
      address: makeAddress(rng, person, country),
      createdAt: this.since - rng.int(1, 400) * 86_400_000,
    };
    this.cache.set(index, customer);
    return customer;
  }
}
