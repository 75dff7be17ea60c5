import { currencyInfo } from '../seed/geo';
import { boolParam, intParam, listParam } from './params';
import { batch, idOf, ITEM, route, type WooRoute } from './router';
import { setting, settingsGroup, settingsIndex, systemStatus, updateSetting } from './settings';
import { WooError } from './types';
import type { WebhookInput } from './webhooks';

function input(body: unknown): WebhookInput {
  return typeof body === 'object' && body !== null ? (body as WebhookInput) : {};
}

export const adminRoutes: WooRoute[] = [
  route('GET', '/webhooks', 'list', 'GET, POST', (ctx) => {
    const statuses = listParam(ctx.req.query, 'status');
    const perPage = intParam(ctx.req.query, 'per_page', 1, 100) ?? 10;
    const page = intParam(ctx.req.query, 'page', 1) ?? 1;
    const all = ctx.store.webhooks
      .list()
      .filter((w) => !statuses || statuses.includes('all') || statuses.includes(w.status));
    return {
      body: all.slice((page - 1) * perPage, page * perPage).map((w) => ctx.store.webhooks.json(w)),
      headers: {
        'X-WP-Total': String(all.length),
        'X-WP-TotalPages': String(Math.ceil(all.length / perPage)),
      },
    };
  }),
  route('POST', '/webhooks', 'create', 'GET, POST', async (ctx) => {
    const w = await ctx.store.webhooks.create(input(ctx.body()));
    return {
      status: 201,
      body: ctx.store.webhooks.json(w),
      headers: { Location: `${ctx.store.home}/wp-json/wc/v3/webhooks/${w.id}` },
    };
  }),
  route('POST,PUT,PATCH', '/webhooks/batch', 'batch', 'POST, PUT, PATCH', async (ctx) => ({
    body: await batch(ctx.body(), {
      create: async (item) => ctx.store.webhooks.json(await ctx.store.webhooks.create(input(item))),
      update: async (item) =>
        ctx.store.webhooks.json(await ctx.store.webhooks.update(idOf(item), input(item))),
      delete: (id) => ctx.store.webhooks.json(ctx.store.webhooks.delete(idOf(id))),
    }),
  })),
  route('GET', '/webhooks/(\\d+)', 'view', ITEM, (ctx) => ({
    body: ctx.store.webhooks.json(ctx.store.webhooks.get(Number(ctx.params[0]))),
  })),
  route('POST,PUT,PATCH', '/webhooks/(\\d+)', 'edit', ITEM, async (ctx) => ({
    body: ctx.store.webhooks.json(await ctx.store.webhooks.update(Number(ctx.params[0]), input(ctx.body()))),
  })),
  route('DELETE', '/webhooks/(\\d+)', 'delete', ITEM, (ctx) => {
    if (!boolParam(ctx.req.query, 'force'))
      throw new WooError(501, 'woocommerce_rest_trash_not_supported', 'Webhooks do not support trashing.');
    return { body: ctx.store.webhooks.json(ctx.store.webhooks.delete(Number(ctx.params[0]))) };
  }),
  route('GET', '/system_status', 'list', 'GET', (ctx) => ({ body: systemStatus(ctx.store) })),
  route('GET', '/settings', 'list', 'GET', (ctx) => ({ body: settingsIndex(ctx.store) })),
  route('GET', '/settings/([\\w-]+)', 'list', 'GET', (ctx) => ({
    body: settingsGroup(ctx.store, ctx.params[0] ?? ''),
  })),
  route('POST,PUT,PATCH', '/settings/([\\w-]+)/batch', 'batch', 'POST, PUT, PATCH', async (ctx) => ({
    body: await batch(ctx.body(), {
      update: (item) => {
        const o =
          typeof item === 'object' && item !== null ? (item as { id?: unknown; value?: unknown }) : {};
        return updateSetting(ctx.store, ctx.params[0] ?? '', String(o.id ?? ''), o.value);
      },
    }),
  })),
  route('GET', '/settings/([\\w-]+)/([\\w-]+)', 'view', 'GET, POST, PUT, PATCH', (ctx) => ({
    body: setting(ctx.store, ctx.params[0] ?? '', ctx.params[1] ?? ''),
  })),
  route('POST,PUT,PATCH', '/settings/([\\w-]+)/([\\w-]+)', 'edit', 'GET, POST, PUT, PATCH', (ctx) => {
    const body = ctx.body();
    const value = typeof body === 'object' && body !== null ? (body as { value?: unknown }).value : undefined;
    return { body: updateSetting(ctx.store, ctx.params[0] ?? '', ctx.params[1] ?? '', value) };
  }),
  route('GET', '/data/currencies/current', 'view', 'GET', (ctx) => {
    const c = currencyInfo(ctx.store.currency.code);
    return {
      body: {
        code: c.code,
        name: c.code,
        symbol: c.symbol,
        _links: { collection: [{ href: `${ctx.store.home}/wp-json/wc/v3/data/currencies` }] },
      },
    };
  }),
];
