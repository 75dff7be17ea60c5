import type { Address, Customer } from '../../core/canonical/types';
import { toExternalId } from '../../core/ids';
import type { JsonObject, JsonValue } from '../../core/json';
import { objectAt, textAt } from './fields';

const COUNTRY_CODE = /^[A-Z]{2}$/;

/**
 * A WooCommerce address (`billing` or `shipping`, objects of "" when absent) as the canonical one:
 * "" becomes null, an address with nothing in it is null. `state` is a code in WooCommerce, so it is
 * `regionCode` and the region's name stays null. The billing e-mail belongs to the customer.
 */
export function mapAddress(value: JsonValue | undefined): Address | null {
  const source = objectAt(value);
  if (source === null) return null;
  const country = textAt(source.country)?.toUpperCase() ?? null;
  const address: Address = {
    firstName: textAt(source.first_name),
    lastName: textAt(source.last_name),
    company: textAt(source.company),
    line1: textAt(source.address_1),
    line2: textAt(source.address_2),
    city: textAt(source.city),
    region: null,
    regionCode: textAt(source.state),
    postalCode: textAt(source.postcode),
    countryCode: country !== null && COUNTRY_CODE.test(country) ? country : null,
    phone: textAt(source.phone),
  };
  return Object.values(address).every((field) => field === null) ? null : address;
}

/** The buyer: `customer_id` 0 is a guest (no id); nobody at all (no id, e-mail or billing name) is null. */
export function mapCustomer(order: JsonObject): Customer | null {
  const billing = objectAt(order.billing) ?? {};
  const customer: Customer = {
    externalId: toExternalId(order.customer_id),
    email: textAt(billing.email),
    phone: textAt(billing.phone),
    firstName: textAt(billing.first_name),
    lastName: textAt(billing.last_name),
  };
  const named = customer.externalId ?? customer.email ?? customer.firstName ?? customer.lastName;
  return named === null ? null : customer;
}
