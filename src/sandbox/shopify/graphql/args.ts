import type { PageArgs } from './connection';

export type Args = Record<string, unknown>;

export function page(args: Args): PageArgs {
  const num = (v: unknown) => (typeof v === 'number' ? v : null);
  const str = (v: unknown) => (typeof v === 'string' ? v : null);
  return {
    first: num(args.first),
    last: num(args.last),
    after: str(args.after),
    before: str(args.before),
    reverse: args.reverse === true,
  };
}

export function str(args: Args, key: string): string | null {
  const v = args[key];
  return typeof v === 'string' ? v : null;
}

export function obj(value: unknown): Args {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Args) : {};
}

export function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}
