import { readFile } from 'node:fs/promises';
import type { CanonicalOrder } from '../core/canonical/types';
import { assertCanonicalOrder } from '../core/canonical/validate';
import { parseJsonExact } from '../core/json';
import type { ConnectorRegistry } from '../core/registry';

async function readInput(file: string): Promise<string> {
  if (file !== '-') return readFile(file, 'utf8');
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** `hub normalize <platform> <file | ->`: one order as the platform delivers it → its CanonicalOrder. */
export async function normalizeFile(
  registry: ConnectorRegistry,
  platform: string,
  file: string,
): Promise<CanonicalOrder> {
  const connector = registry.get(platform);
  const text = await readInput(file);
  let document;
  try {
    document = parseJsonExact(text);
  } catch (error) {
    throw new Error(`not JSON: ${(error as Error).message}`, { cause: error });
  }
  const order = connector.mapOrder(connector.readOrderDocument(document));
  assertCanonicalOrder(order);
  return order;
}
