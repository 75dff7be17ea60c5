import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../src/config';
import { createConnectorRegistry } from '../src/connectors';
import { type JsonValue, parseJsonExact } from '../src/core/json';
import { round, writeResult } from './lib';

/**
 * Mapper micro-benchmark: canonical orders per second on one core, per platform, over the
 * realistic order fixtures the tests use (parsed once: this measures the mapper, not JSON.parse).
 */
const registry = createConnectorRegistry(loadConfig({}));
const TARGET = 20_000;

function payloads(platform: string, dir: string): JsonValue[] {
  const connector = registry.get(platform);
  const found: JsonValue[] = [];
  const walk = (d: string) => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.json')) {
        try {
          const doc = connector.readOrderDocument(parseJsonExact(readFileSync(full, 'utf8')));
          connector.mapOrder(doc);
          found.push(doc);
        } catch {
          // not an order fixture
        }
      }
    }
  };
  walk(dir);
  return found;
}

function measure(platform: string, docs: JsonValue[], seconds = 3): number {
  const connector = registry.get(platform);
  for (let i = 0; i < 2000; i++) connector.mapOrder(docs[i % docs.length]!); // warm up
  let n = 0;
  const start = process.hrtime.bigint();
  const end = start + BigInt(seconds * 1e9);
  while (process.hrtime.bigint() < end) {
    for (let i = 0; i < 200; i++) connector.mapOrder(docs[(n + i) % docs.length]!);
    n += 200;
  }
  return n / (Number(process.hrtime.bigint() - start) / 1e9);
}

const root = path.join(__dirname, '..', 'test', 'fixtures');
const figures = [];
const notes: string[] = [];
for (const platform of ['woocommerce', 'shopify']) {
  const docs = payloads(platform, path.join(root, platform));
  const rate = measure(platform, docs);
  figures.push({
    metric: `${platform} mapper, orders/s on one core`,
    value: Math.round(rate),
    unit: 'orders/s',
    target: `≥ ${TARGET}`,
    met: rate >= TARGET,
  });
  figures.push({ metric: `${platform} mapper, µs per order`, value: round(1e6 / rate, 2), unit: 'µs' });
  notes.push(`${platform}: ${docs.length} distinct order fixtures, cycled`);
}
writeResult({
  name: 'mappers',
  description: 'platform order → canonical order, pure mapping on one core',
  figures,
  notes,
});
