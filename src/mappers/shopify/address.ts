import type { Address } from '../../core/canonical/types';
import type { JsonObject, JsonValue } from '../../core/json';
import { textAt } from './read';

const COUNTRY = /^[A-Z]{2}$/;

/** The address fields under each shape's names. */
export interface AddressFields {
  firstName: JsonValue | undefined;
  lastName: JsonValue | undefined;
  company: JsonValue | undefined;
  line1: JsonValue | undefined;
  line2: JsonValue | undefined;
  city: JsonValue | undefined;
  region: JsonValue | undefined;
  regionCode: JsonValue | undefined;
  postalCode: JsonValue | undefined;
  countryCode: JsonValue | undefined;
  phone: JsonValue | undefined;
}

/** A canonical address; null when every field is empty. */
export function buildAddress(fields: AddressFields): Address | null {
  const country = textAt(fields.countryCode)?.toUpperCase() ?? null;
  const address: Address = {
    firstName: textAt(fields.firstName),
    lastName: textAt(fields.lastName),
    company: textAt(fields.company),
    line1: textAt(fields.line1),
    line2: textAt(fields.line2),
    city: textAt(fields.city),
    region: textAt(fields.region),
    regionCode: textAt(fields.regionCode),
    postalCode: textAt(fields.postalCode),
    countryCode: country !== null && COUNTRY.test(country) ? country : null,
    phone: textAt(fields.phone),
  };
  return Object.values(address).every((value) => value === null) ? null : address;
}

/** REST / webhook address (`address1`, `province_code`, `zip`, `country_code`). */
export function restAddress(source: JsonObject | null): Address | null {
  if (!source) return null;
  return buildAddress({
    firstName: source.first_name,
    lastName: source.last_name,
    company: source.company,
    line1: source.address1,
    line2: source.address2,
    city: source.city,
    region: source.province,
    regionCode: source.province_code,
    postalCode: source.zip,
    countryCode: source.country_code,
    phone: source.phone,
  });
}

/** GraphQL `MailingAddress` (`address1`, `provinceCode`, `zip`, `countryCodeV2`). */
export function graphqlAddress(source: JsonObject | null): Address | null {
  if (!source) return null;
  return buildAddress({
    firstName: source.firstName,
    lastName: source.lastName,
    company: source.company,
    line1: source.address1,
    line2: source.address2,
    city: source.city,
    region: source.province,
    regionCode: source.provinceCode,
    postalCode: source.zip,
    countryCode: source.countryCodeV2 ?? source.countryCode,
    phone: source.phone,
  });
}
