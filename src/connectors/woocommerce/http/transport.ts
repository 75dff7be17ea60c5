import WooCommerceRestApi from '@woocommerce/woocommerce-rest-api';
import axios, { type AxiosResponse } from 'axios';
import type { JsonValue } from '../../../core/json';
import { WOOCOMMERCE } from '../platform';
import { channelError, transportError, type RawExchange } from './errors';

export type HttpMethod = 'get' | 'post' | 'put' | 'delete';
export type QueryValue = string | number | boolean;

export interface TransportOptions {
  httpTimeoutMs: number;
  /** Plain http (with OAuth 1.0a one-legged) only for hosts this allows: sandboxes and tests. */
  isPlainHttpAllowed: (host: string) => boolean;
}

/**
 * The store's base URL, checked: https, or http where the hub allows it. A WordPress in a
 * sub-folder (`https://example.com/shop`) keeps its path; trailing slashes go.
 */
export function storeBaseUrl(
  storeUrl: string,
  options: Pick<TransportOptions, 'isPlainHttpAllowed'>,
): string {
  let url: URL;
  try {
    url = new URL(storeUrl);
  } catch {
    throw channelError('rejected', `the store URL "${storeUrl}" is not a URL`);
  }
  const plainAllowed = url.protocol === 'http:' && options.isPlainHttpAllowed(url.hostname);
  if (url.protocol !== 'https:' && !plainAllowed) {
    throw channelError(
      'rejected',
      `the store URL must use https (${url.protocol}//${url.host} is not allowed plain http)`,
    );
  }
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}

/**
 * One HTTP exchange with wc/v3 through @woocommerce/woocommerce-rest-api, which signs the request:
 * HTTP Basic with the key and secret over https, OAuth 1.0a one-legged (HMAC-SHA256, query
 * parameters) over plain http, as WooCommerce requires (platforms D1/D2). The answer comes back as
 * text, whatever its status, so that exact JSON parsing and error classification stay ours;
 * redirects are not followed (a POST would turn into a GET, and credentials would follow).
 */
export async function exchange(
  base: string,
  credentials: Readonly<Record<string, string>>,
  options: TransportOptions,
  request: {
    method: HttpMethod;
    path: string;
    query: Record<string, QueryValue>;
    body?: JsonValue;
    what: string;
  },
  signal?: AbortSignal,
): Promise<RawExchange> {
  const { consumerKey, consumerSecret } = credentials;
  if (!consumerKey || !consumerSecret) {
    throw channelError('auth', 'no consumer key and secret are stored for this store: reconnect it');
  }
  const api = new WooCommerceRestApi({
    url: base,
    consumerKey,
    consumerSecret,
    version: WOOCOMMERCE.apiVersion,
    timeout: options.httpTimeoutMs,
    axiosConfig: {
      responseType: 'text',
      transformResponse: [(data: unknown) => data],
      validateStatus: () => true,
      maxRedirects: 0,
      signal,
    },
  });
  let response: AxiosResponse<unknown>;
  try {
    response = await send(api, request);
  } catch (error) {
    if (signal?.aborted) throw signal.reason;
    throw transportError(error, request.what);
  }
  return {
    status: response.status,
    headers: lowerCaseHeaders(response.headers),
    text: typeof response.data === 'string' ? response.data : '',
  };
}

/**
 * A GET of a public WordPress route outside wc/v3 (the site index). It goes through axios itself:
 * the library only builds wc/v3 URLs and always signs, and WordPress would take the key and
 * secret for an application password there and answer 401.
 */
export async function exchangePublic(
  base: string,
  options: TransportOptions,
  request: { path: string; query: Record<string, QueryValue>; what: string },
  signal?: AbortSignal,
): Promise<RawExchange> {
  try {
    const response = await axios.get<unknown>(`${base}/${WOOCOMMERCE.restPrefix}/${request.path}`, {
      params: request.query,
      timeout: options.httpTimeoutMs,
      responseType: 'text',
      transformResponse: [(data: unknown) => data],
      validateStatus: () => true,
      maxRedirects: 0,
      headers: { Accept: 'application/json' },
      signal,
    });
    return {
      status: response.status,
      headers: lowerCaseHeaders(response.headers),
      text: typeof response.data === 'string' ? response.data : '',
    };
  } catch (error) {
    if (signal?.aborted) throw signal.reason;
    throw transportError(error, request.what);
  }
}

function send(
  api: WooCommerceRestApi,
  request: { method: HttpMethod; path: string; query: Record<string, QueryValue>; body?: JsonValue },
): Promise<AxiosResponse<unknown>> {
  switch (request.method) {
    case 'get':
      return api.get(request.path, request.query);
    case 'delete':
      return api.delete(request.path, request.query);
    case 'post':
      return api.post(request.path, request.body ?? {}, request.query);
    case 'put':
      return api.put(request.path, request.body ?? {}, request.query);
  }
}

function lowerCaseHeaders(headers: AxiosResponse['headers']): Record<string, string> {
  const plain: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (value === undefined || value === null) continue;
    plain[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
  }
  return plain;
}
