import { formatUtcZ } from '../../common/time';
import type { PostalAddress } from '../../seed/people';
import type { Derived } from '../derive';
import { gid, IDS } from '../ids';
import type { Args } from './args';
import type { GqlContext } from './context';
import { bag } from './money';

export function addressView(a: PostalAddress | null, id: number) {
  if (!a) return null;
  return {
    __typename: 'MailingAddress',
    id: gid('MailingAddress', `${IDS.address + id}?model_name=Address`),
    firstName: a.firstName,
    lastName: a.lastName,
    name: `${a.firstName} ${a.lastName}`.trim(),
    company: a.company,
    address1: a.address1,
    address2: a.address2,
    city: a.city,
    province: a.regionName,
    provinceCode: a.regionCode,
    zip: a.postcode,
    country: a.country.name,
    countryCodeV2: a.country.code,
    phone: a.phone,
    latitude: null,
    longitude: null,
    coordinatesValidated: false,
    formattedArea: `${a.city} ${a.regionCode}, ${a.country.name}`,
    formatted: (args: Args) => [
      ...(args.withName ? [`${a.firstName} ${a.lastName}`] : []),
      ...(args.withCompany && a.company ? [a.company] : []),
      a.address1,
      ...(a.address2 ? [a.address2] : []),
      `${a.city} ${a.regionCode} ${a.postcode}`,
      a.country.name,
    ],
  };
}

export function customerView(ctx: GqlContext, d: Derived) {
  const c = d.plan.customer;
  if (!c || c.poolIndex === null) return null;
  const pool = ctx.store.ctx.customers.get(c.poolIndex);
  const id = IDS.customer + c.poolIndex * 3;
  return {
    __typename: 'Customer',
    id: gid('Customer', id),
    legacyResourceId: String(id),
    email: c.email,
    defaultEmailAddress: c.email ? { emailAddress: c.email, marketingState: 'NOT_SUBSCRIBED' } : null,
    defaultPhoneNumber: c.phone ? { phoneNumber: c.phone, marketingState: 'NOT_SUBSCRIBED' } : null,
    firstName: c.firstName,
    lastName: c.lastName,
    displayName: `${c.firstName ?? ''} ${c.lastName ?? ''}`.trim(),
    phone: c.phone,
    createdAt: formatUtcZ(pool.createdAt),
    updatedAt: formatUtcZ(d.slot.modifiedAt),
    state: 'ENABLED',
    verifiedEmail: true,
    taxExempt: false,
    tags: [],
    note: null,
    locale: 'en',
    defaultAddress: addressView(pool.address, c.poolIndex * 7),
  };
}

export function transactions(d: Derived) {
  const txs = [];
  const base = IDS.transaction + d.slot.index * 32;
  const tx = (id: number, kind: string, shop: number, pres: number, at: number) => ({
    __typename: 'OrderTransaction',
    id: gid('OrderTransaction', id),
    kind,
    status: 'SUCCESS',
    gateway: d.plan.payment.method,
    formattedGateway: d.plan.payment.title,
    manualPaymentGateway: d.plan.payment.method === 'manual',
    amountSet: bag(d, { shop, pres }),
    createdAt: formatUtcZ(at),
    processedAt: formatUtcZ(at),
    test: d.plan.test,
    paymentId: `#${1001 + d.slot.index}.${id - base + 1}`,
    authorizationCode: d.plan.payment.transactionId || null,
    errorCode: null,
  });
  if (d.plan.paidAt !== null) txs.push(tx(base, 'SALE', d.shop.total, d.pres.total, d.plan.paidAt));
  d.plan.refunds.forEach((r, i) =>
    txs.push(
      tx(base + 1 + r.seq, 'REFUND', d.shop.refunds[i]?.amount ?? 0, d.pres.refunds[i]?.amount ?? 0, r.at),
    ),
  );
  return txs;
}
