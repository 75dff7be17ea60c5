import { randomBytes } from 'node:crypto';
import { isCurrencyCode } from '../../core/currencies';
import { isChannelError } from '../../core/errors';
import type { ConnectResult, ConnectorContext, StoreFacts } from '../../core/integration';
import { isJsonObject, type JsonValue } from '../../core/json';
import { flagAt, objectAt, textAt } from '../../mappers/woocommerce/fields';
import type { WooClient } from './http/client';
import { channelError, isReadOnlyKeyError } from './http/errors';

/**
 * Checks the keys and reads the store's facts:
 * - `system_status` with `_fields` (WooCommerce computes only the fields asked for): an
 *   authenticated read, so unknown keys and wrong secrets fail here with their own messages;
 * - the `woocommerce_prices_include_tax` setting;
 * - the public WordPress index for the site's name and time zone;
 * - a harmless write (an empty `webhooks/batch`, which changes nothing) to learn whether the key
 *   may write: a read-only key is told "does not have write permissions" (401).
 */
export async function connectStore(client: WooClient, ctx: ConnectorContext): Promise<ConnectResult> {
  const status = await client.send({
    method: 'get',
    path: 'system_status',
    query: { _fields: 'environment.version,settings.currency' },
    what: 'reading the store status',
  });
  const environment = objectAt(objectAt(status.body)?.environment);
  const settings = objectAt(objectAt(status.body)?.settings);
  const currency = textAt(settings?.currency)?.toUpperCase() ?? '';
  if (!isCurrencyCode(currency)) throw channelError('protocol', 'the store status names no currency');

  const warnings: string[] = [];
  const taxesIncluded = await optional(warnings, 'whether prices include tax', async () => {
    const setting = await client.send({
      method: 'get',
      path: 'settings/tax/woocommerce_prices_include_tax',
      what: 'reading the tax setting',
    });
    return isJsonObject(setting.body) ? flagAt(setting.body.value) : null;
  });
  const site = await optional(warnings, "the site's name and time zone", async () => {
    const index = await client.sendPublic({
      path: '',
      query: { _fields: 'name,timezone_string,gmt_offset' },
      what: 'reading the site index',
    });
    return objectAt(index.body);
  });
  const write = await writeProbe(client);
  if (write.warning) warnings.push(write.warning);

  const facts: StoreFacts = {
    name: textAt(site?.name),
    currency,
    timezone: timezone(site?.timezone_string, site?.gmt_offset),
    taxesIncluded,
    platformVersion: textAt(environment?.version),
    plan: null,
    grantedScopes: write.canWrite ? ['read', 'write'] : ['read'],
    missingScopes: write.canWrite
      ? []
      : [
          {
            scope: 'write',
            consequence: 'fulfilments, cancellations, stock updates and webhook registration will be refused',
          },
        ],
    canWrite: write.canWrite,
    warnings,
  };
  const credentials = {
    ...ctx.credentials,
    webhookSecret: ctx.credentials.webhookSecret || newWebhookSecret(),
  };
  return { facts, credentials, state: { wooCommerceVersion: facts.platformVersion } };
}

/** 32 random bytes, base64url: nothing WordPress would HTML-encode when it stores the secret. */
function newWebhookSecret(): string {
  return randomBytes(32).toString('base64url');
}

async function writeProbe(client: WooClient): Promise<{ canWrite: boolean; warning: string | null }> {
  try {
    await client.send({
      method: 'post',
      path: 'webhooks/batch',
      body: {},
      what: 'checking that the key may write',
      idempotent: true,
    });
    return { canWrite: true, warning: null };
  } catch (error) {
    if (!isChannelError(error) || error.kind !== 'auth') throw error;
    const why = isReadOnlyKeyError(error) ? 'the API key is read-only' : 'the API key may not write';
    return {
      canWrite: false,
      warning: `${why} (${error.message}). Orders will sync, but fulfilments, cancellations, stock updates and webhook registration will fail until the store issues a Read/Write key.`,
    };
  }
}

/** A fact the connection can live without: on failure, null and a warning saying what is unknown. */
async function optional<T>(
  warnings: string[],
  what: string,
  read: () => Promise<T | null>,
): Promise<T | null> {
  try {
    return await read();
  } catch (error) {
    if (!isChannelError(error)) throw error;
    warnings.push(`could not read ${what}: ${error.message}`);
    return null;
  }
}

/** WordPress's `timezone_string` (IANA), or its fixed `gmt_offset` in hours as `UTC+05:30`. */
function timezone(name: JsonValue | undefined, offset: JsonValue | undefined): string | null {
  const zone = textAt(name);
  if (zone !== null) return zone;
  const hours = typeof offset === 'number' ? offset : Number(textAt(offset) ?? Number.NaN);
  if (!Number.isFinite(hours)) return null;
  const minutes = Math.round(Math.abs(hours) * 60);
  const hh = String(Math.floor(minutes / 60)).padStart(2, '0');
  const mm = String(minutes % 60).padStart(2, '0');
  return `UTC${hours < 0 ? '-' : '+'}${hh}:${mm}`;
}
