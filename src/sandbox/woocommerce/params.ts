import { parseDateTime } from '../common/time';
import { invalidParam } from './types';

/** A query parameter that may come as `a,b`, `name[]=a&name[]=b` or `name[0]=a` (WordPress array args). */
export function listParam(q: URLSearchParams, name: string): string[] | undefined {
  const values: string[] = [];
  let seen = false;
  for (const [key, value] of q) {
    if (key === name || key === `${name}[]` || new RegExp(`^${name}\\[\\d+\\]$`).test(key)) {
      seen = true;
      values.push(
        ...value
          .split(',')
          .map((v) => v.trim())
          .filter((v) => v !== ''),
      );
    }
  }
  return seen ? values : undefined;
}

export function intParam(q: URLSearchParams, name: string, min?: number, max?: number): number | undefined {
  const raw = q.get(name);
  if (raw === null || raw === '') return undefined;
  if (!/^-?\d+$/.test(raw.trim()))
    throw invalidParam(name, 'rest_invalid_type', `${name} is not of type integer.`);
  const n = Number(raw);
  if (min !== undefined && max !== undefined && (n < min || n > max)) {
    throw invalidParam(
      name,
      'rest_out_of_bounds',
      `${name} must be between ${min} (inclusive) and ${max} (inclusive)`,
    );
  }
  if (min !== undefined && n < min)
    throw invalidParam(name, 'rest_out_of_bounds', `${name} must be greater than or equal to ${min}`);
  return n;
}

export function boolParam(q: URLSearchParams, name: string): boolean | undefined {
  const raw = q.get(name);
  if (raw === null || raw === '') return undefined;
  if (['true', '1', 'yes'].includes(raw.toLowerCase())) return true;
  if (['false', '0', 'no'].includes(raw.toLowerCase())) return false;
  throw invalidParam(name, 'rest_invalid_type', `${name} is not of type boolean.`);
}

export function enumParam<T extends string>(
  q: URLSearchParams,
  name: string,
  allowed: readonly T[],
): T | undefined {
  const raw = q.get(name);
  if (raw === null || raw === '') return undefined;
  if (!(allowed as readonly string[]).includes(raw)) {
    const list =
      allowed.length > 1
        ? `${allowed.slice(0, -1).join(', ')}${allowed.length > 2 ? ',' : ''} and ${allowed[allowed.length - 1]}`
        : allowed.join('');
    throw invalidParam(name, 'rest_not_in_enum', `${name} is not one of ${list}.`);
  }
  return raw as T;
}

/** A date-time argument; without a zone it is site time, or UTC when `dates_are_gmt` is true. */
export function dateParam(q: URLSearchParams, name: string, timeZone: string): number | undefined {
  const raw = q.get(name);
  if (raw === null || raw === '') return undefined;
  const ms = parseDateTime(raw, timeZone);
  if (ms === null) throw invalidParam(name, 'rest_invalid_date', 'Invalid date.');
  return ms;
}

export function idList(q: URLSearchParams, name: string): number[] | undefined {
  const raw = listParam(q, name);
  if (raw === undefined) return undefined;
  return raw.map((v) => {
    if (!/^\d+$/.test(v)) throw invalidParam(name, 'rest_invalid_type', `${name}[0] is not of type integer.`);
    return Number(v);
  });
}

/** The `Link` header WooCommerce sends on lists: only prev and next, built from the request's own args. */
export function linkHeader(
  base: string,
  q: URLSearchParams,
  page: number,
  totalPages: number,
  defaults: [string, string][],
): string | undefined {
  const build = (p: number) => {
    const params = new URLSearchParams(q);
    for (const [k, v] of defaults)
      if (!params.has(k) && ![...params.keys()].some((key) => key.startsWith(`${k.split('[')[0]}[`)))
        params.append(k, v);
    params.set('page', String(p));
    return `<${base}?${params.toString().replace(/\[/g, '%5B').replace(/\]/g, '%5D')}>`;
  };
  const parts: string[] = [];
  if (page > 1 && page - 1 <= Math.max(1, totalPages)) parts.push(`${build(page - 1)}; rel="prev"`);
  if (page < totalPages) parts.push(`${build(page + 1)}; rel="next"`);
  return parts.length ? parts.join(', ') : undefined;
}
