import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isJsonObject, parseJsonExact, type JsonObject, type JsonValue } from '../../../../src/core/json';

export const FIXTURES = join(__dirname, '../../../fixtures/shopify');

export function fixtureText(path: string): string {
  return readFileSync(join(FIXTURES, path), 'utf8');
}

export function fixture(path: string): JsonValue {
  return parseJsonExact(fixtureText(path));
}

export function fixtureObject(path: string): JsonObject {
  const value = fixture(path);
  if (!isJsonObject(value)) throw new Error(`${path} is not a JSON object`);
  return value;
}

export function fixtureFiles(folder: string): string[] {
  return readdirSync(join(FIXTURES, folder))
    .filter((name) => name.endsWith('.json'))
    .sort()
    .map((name) => `${folder}/${name}`);
}

/** A Shopify docs example: the payload is `.response`. */
export function docsExample(topic: string): JsonObject {
  const payload = fixtureObject(`webhooks/docs-examples-2026-04/${topic}.json`).response;
  if (!payload || !isJsonObject(payload)) throw new Error(`${topic} has no response`);
  return payload;
}

/** The REST order of one shopify-app-js test case (`test_1`, …). */
export function restCaseOrder(test: string, index = 0): JsonObject {
  const cases = fixtureObject('rest/shopify-app-js-2026-07/orders.json').cases as JsonObject[];
  const body = cases.find((c) => c.test === test)?.response_body as JsonObject;
  const order = (body.order ?? (body.orders as JsonValue[])[index]) as JsonObject;
  return order;
}

/** Every REST-shaped order payload of the fixtures, by name. */
export function allRestOrderPayloads(): [string, JsonObject][] {
  const out: [string, JsonObject][] = [];
  for (const topic of [
    'orders_create',
    'orders_updated',
    'orders_paid',
    'orders_cancelled',
    'orders_fulfilled',
    'orders_partially_fulfilled',
  ]) {
    out.push([`docs ${topic}`, docsExample(topic)]);
  }
  for (const file of fixtureFiles('webhooks/real-captured')) out.push([file, fixtureObject(file)]);
  const cases = fixtureObject('rest/shopify-app-js-2026-07/orders.json').cases as JsonObject[];
  for (const c of cases) {
    const body = c.response_body as JsonObject;
    const orders = body.orders ? (body.orders as JsonObject[]) : [body.order as JsonObject];
    orders.forEach((order, i) => out.push([`rest ${String(c.test)}#${i}`, order]));
  }
  out.push([
    'legacy order.json',
    fixtureObject('rest/shopify_python_api-legacy/order.json').order as JsonObject,
  ]);
  const legacy = fixtureObject('rest/shopify_python_api-legacy/orders.json').orders as JsonObject[];
  legacy.forEach((order, i) => out.push([`legacy orders.json#${i}`, order]));
  return out;
}
