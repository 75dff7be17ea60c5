import { toExternalId } from '../../../core/ids';
import type { InventoryResult, InventoryTarget } from '../../../core/integration';
import { shopifyGid } from '../gids';
import { objectAt, objectsAt, userErrorsAt, userErrorsMessage } from '../graphql/answer';
import type { ShopifyGraphqlClient } from '../graphql/client';
import { PAGE_SIZES } from '../platform';
import { INVENTORY_LEVELS, INVENTORY_SET_QUANTITIES, PRIMARY_LOCATION } from '../queries/inventory';

interface Pending {
  index: number;
  target: InventoryTarget;
  itemId: string;
  locationId: string;
  previous: number | null;
}

function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

function result(
  target: InventoryTarget,
  outcome: InventoryResult['outcome'],
  extra: Partial<InventoryResult> = {},
): InventoryResult {
  return { sku: target.entry.sku, outcome, previous: null, current: null, reason: null, ...extra };
}

/**
 * Absolute stock levels (`available`). Reads the current level of every item at its location
 * first and leaves equal ones alone; then `inventorySetQuantities` (reason `correction`) in calls of
 * at most 250 quantities, each compare-and-swapped against the value just read (`changeFromQuantity`).
 */
export async function setInventory(
  client: ShopifyGraphqlClient,
  targets: InventoryTarget[],
  defaultLocationId: string | null,
): Promise<InventoryResult[]> {
  const results: InventoryResult[] = new Array(targets.length);
  let primary: string | null | undefined = defaultLocationId ?? undefined;
  const pending: Pending[] = [];
  for (const [index, target] of targets.entries()) {
    if (!target.entry.inventoryItemExternalId) {
      results[index] = result(target, 'skipped', { reason: 'the variant has no inventory item on Shopify' });
      continue;
    }
    if (!target.entry.managesStock) {
      results[index] = result(target, 'skipped', { reason: 'Shopify does not track stock for this variant' });
      continue;
    }
    if (target.locationExternalId === null && primary === undefined) primary = await primaryLocation(client);
    const location = target.locationExternalId ?? primary ?? null;
    if (!location) {
      results[index] = result(target, 'failed', {
        reason: 'no location given and the shop has no primary location',
      });
      continue;
    }
    pending.push({
      index,
      target,
      itemId: shopifyGid('InventoryItem', target.entry.inventoryItemExternalId),
      locationId: shopifyGid('Location', location),
      previous: null,
    });
  }

  const toWrite = await readCurrent(client, pending, results);
  for (const batch of chunks(toWrite, PAGE_SIZES.inventoryWrites)) await write(client, batch, results);
  return results;
}

async function primaryLocation(client: ShopifyGraphqlClient): Promise<string | null> {
  const location = objectAt((await client.request(PRIMARY_LOCATION)).location);
  return typeof location?.id === 'string' ? location.id : null;
}

/** Fills `results` for what needs no write; returns what does, with the level read. */
async function readCurrent(
  client: ShopifyGraphqlClient,
  pending: Pending[],
  results: InventoryResult[],
): Promise<Pending[]> {
  const byLocation = new Map<string, Pending[]>();
  for (const item of pending)
    byLocation.set(item.locationId, [...(byLocation.get(item.locationId) ?? []), item]);
  const toWrite: Pending[] = [];
  for (const [locationId, items] of byLocation) {
    for (const batch of chunks(items, PAGE_SIZES.inventoryReads)) {
      const data = await client.request(INVENTORY_LEVELS, { ids: batch.map((p) => p.itemId), locationId });
      const nodes = Array.isArray(data.nodes) ? data.nodes : [];
      for (const [i, item] of batch.entries()) {
        const node = objectAt(nodes[i]);
        const level = objectAt(node?.inventoryLevel);
        const quantities = objectsAt(level?.quantities);
        const available = quantities.find((q) => q.name === 'available')?.quantity;
        const target = item.target;
        if (!node) {
          results[item.index] = result(target, 'failed', { reason: 'Shopify has no such inventory item' });
        } else if (node.tracked === false) {
          results[item.index] = result(target, 'skipped', {
            reason: 'Shopify does not track stock for this item',
          });
        } else if (!level || typeof available !== 'number') {
          results[item.index] = result(target, 'failed', {
            reason: `the item is not stocked at location ${toExternalId(locationId)} (activate it there first)`,
          });
        } else if (available === target.available) {
          results[item.index] = result(target, 'already_applied', {
            previous: available,
            current: available,
          });
        } else {
          toWrite.push({ ...item, previous: available });
        }
      }
    }
  }
  return toWrite;
}

/** One `inventorySetQuantities`; Shopify applies all of it or none, so a refusal fails the whole batch. */
async function write(
  client: ShopifyGraphqlClient,
  batch: Pending[],
  results: InventoryResult[],
): Promise<void> {
  const data = await client.request(INVENTORY_SET_QUANTITIES, {
    input: {
      name: 'available',
      reason: 'correction',
      quantities: batch.map((item) => ({
        inventoryItemId: item.itemId,
        locationId: item.locationId,
        quantity: item.target.available,
        changeFromQuantity: item.previous,
      })),
    },
  });
  const payload = objectAt(data.inventorySetQuantities);
  const errors = userErrorsAt(payload);
  const errorFor = (position: number) =>
    errors.find((e) => e.field?.startsWith(`input.quantities.${position}`));
  const all = userErrorsMessage(errors);
  for (const [position, item] of batch.entries()) {
    if (errors.length === 0) {
      results[item.index] = result(item.target, 'applied', {
        previous: item.previous,
        current: item.target.available,
      });
      continue;
    }
    const own = errorFor(position);
    results[item.index] = result(item.target, 'failed', {
      previous: item.previous,
      current: item.previous,
      reason: own
        ? `Shopify refused it: ${own.message}${own.code ? ` (${own.code})` : ''}`
        : `not applied: Shopify refused the batch (${all})`,
    });
  }
}
