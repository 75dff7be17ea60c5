import type { JsonObject } from '../../../src/core/json';
import { API, fixtureObject, json, store } from './helpers';

export interface ListRequest {
  status: string;
  after: string | null;
  before: string | null;
  exclude: string[];
  perPage: number;
  page: number;
}

/**
 * wc/v3 `GET orders` as WooCommerce answers it (platforms C1, C2 and the V3 orders controller):
 * `status=any` lists everything but `trash`; `modified_after` / `modified_before` are exclusive
 * and compare `date_modified_gmt` (with `dates_are_gmt=true`) at one-second resolution; `exclude`
 * drops ids; `orderby=modified&order=asc` sorts by (date_modified, ID); `X-WP-Total` and
 * `X-WP-TotalPages` count what matched. `beforeAnswer` changes orders between two requests, as
 * merchants and customers do while the hub pages.
 */
export class FakeOrderStore {
  readonly orders = new Map<number, JsonObject>();
  readonly requests: ListRequest[] = [];
  beforeAnswer: (requestNumber: number, store: FakeOrderStore) => void = () => undefined;

  set(id: number, modified: string, status = 'processing'): this {
    const template = fixtureObject('orders/pending-guest-voucher.json');
    this.orders.set(id, {
      ...template,
      id,
      number: String(id),
      status,
      date_modified_gmt: modified,
      date_created_gmt: '2026-02-01T00:00:00',
    });
    return this;
  }

  /** Answers every order list request, as long as the test runs. */
  serve(): void {
    // nock hands the reply function the path alone: the query is read while matching.
    let query: Record<string, string> = {};
    store()
      .persist()
      .get(`${API}/orders`)
      .query((parsed) => {
        query = Object.fromEntries(Object.entries(parsed).map(([name, value]) => [name, String(value)]));
        return true;
      })
      .reply(() => {
        const request = parse(query);
        this.requests.push(request);
        this.beforeAnswer(this.requests.length, this);
        const matching = this.matching(request);
        const start = (request.page - 1) * request.perPage;
        return json(matching.slice(start, start + request.perPage), {
          'x-wp-total': String(matching.length),
          'x-wp-totalpages': String(Math.ceil(matching.length / request.perPage)),
        });
      });
  }

  matching(request: ListRequest): JsonObject[] {
    const seconds = (text: string) => Date.parse(`${text}Z`);
    return [...this.orders.values()]
      .filter((order) => (request.status === 'trash' ? order.status === 'trash' : order.status !== 'trash'))
      .filter(
        (order) =>
          request.after === null || seconds(String(order.date_modified_gmt)) > seconds(request.after),
      )
      .filter(
        (order) =>
          request.before === null || seconds(String(order.date_modified_gmt)) < seconds(request.before),
      )
      .filter((order) => !request.exclude.includes(String(order.id)))
      .sort(
        (a, b) =>
          seconds(String(a.date_modified_gmt)) - seconds(String(b.date_modified_gmt)) ||
          Number(a.id) - Number(b.id),
      );
  }
}

function parse(query: Record<string, string>): ListRequest {
  if (query.dates_are_gmt !== 'true' || query.orderby !== 'modified' || query.order !== 'asc') {
    throw new Error(`unexpected order list query ${JSON.stringify(query)}`);
  }
  return {
    status: query.status ?? 'any',
    after: query.modified_after ?? null,
    before: query.modified_before ?? null,
    exclude: (query.exclude ?? '').split(',').filter((id) => id !== ''),
    perPage: Number(query.per_page ?? 10),
    page: Number(query.page ?? 1),
  };
}
